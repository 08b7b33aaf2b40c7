using Amazon.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SecureApi.Portal.Api;
using SecureApi.Provisioning;
using SecureApi.Provisioning.Aws;
using SecureApi.Sandbox;

namespace SecureApi.Portal;

/// <summary>The portal's composition: Sandbox (when enabled), provisioning, UI, JSON API, health.</summary>
public static class PortalExtensions
{
    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        // The Sandbox's hosted service is registered first so it listens before the provisioning worker makes calls.
        builder.AddSandbox();
        builder.AddProvisioning();
        builder.Services.AddOptions<AwsClientOptions>().PostConfigure<IOptions<SandboxOptions>>(PointAtSandbox);
        builder.AddPortalUi();
        builder.Services.AddHealthChecks();
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapPortalUi();
        app.MapDeploymentsApi();
        app.MapVerificationApi();
        app.MapAuditApi();
        // The only anonymous endpoint besides sign-in: it says Healthy or Unhealthy and nothing else.
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// With <c>Sandbox:Enabled</c>, every AWS call goes to the in-process Sandbox with its credentials, whatever the
    /// <c>AWS</c> section says: a sandbox session must never reach a real account by accident.
    /// </summary>
    private static void PointAtSandbox(AwsClientOptions aws, IOptions<SandboxOptions> sandbox)
    {
        var options = sandbox.Value;
        if (!options.Enabled)
        {
            return;
        }

        aws.ServiceUrl = options.Url;
        aws.CognitoServiceUrl = null;
        aws.ApiGatewayServiceUrl = null;
        aws.UseEndpointEnvironmentVariables = false;
        aws.Profile = null;
        aws.Credentials = new BasicAWSCredentials(options.AccessKey, options.SecretKey);
        aws.Region ??= "us-east-1";
    }
}

/// <summary>Prints where the portal and the Sandbox listen once both are up (the newcomer's first question).</summary>
internal sealed class StartupBanner(
    IHostApplicationLifetime lifetime, IServer server, ISandboxEndpoint sandbox, AwsCredentialSource credentials, ILogger<StartupBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            logger.LogInformation("SecureApi portal: {Address}", address);
            Console.WriteLine($"SecureApi portal:  {address}");
        }

        if (sandbox.Endpoint is { } endpoint)
        {
            logger.LogInformation("Sandbox (AWS stand-in for Cognito and API Gateway): {Endpoint}", endpoint);
            Console.WriteLine($"Sandbox (AWS):     {endpoint}  (access key test / secret test; no AWS account is used)");
        }
        else
        {
            Console.WriteLine("Sandbox:           off - AWS calls go to your AWS account");
            // In the background: the default chain may ask the instance metadata service, which can take seconds.
            _ = Task.Run(ReportCredentialsAsync);
        }
    }

    /// <summary>Says at start whether AWS credentials were found, so a missing set-up is not first seen as a failed create.</summary>
    private async Task ReportCredentialsAsync()
    {
        try
        {
            var found = await credentials.GetCredentialsAsync();
            logger.LogInformation("AWS credentials found ({CredentialsType})", found.GetType().Name);
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonClientException or Amazon.Runtime.AmazonServiceException)
        {
            logger.LogWarning(
                "No AWS credentials found: every create will fail until the portal has some. Set AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY, name a profile with AWS:Profile, use a container/instance role, or run in sandbox "
                + "mode (Sandbox:Enabled=true).");
        }
    }
}
