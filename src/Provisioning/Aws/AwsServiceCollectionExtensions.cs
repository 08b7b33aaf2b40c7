using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Aws.Http;

namespace SecureApi.Provisioning.Aws;

/// <summary>Registers the typed AWS clients (<see cref="IAwsClients"/>).</summary>
public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAwsClients"/> configured from the SDK's <c>AWS</c> section (read by
    /// AWSSDK.Extensions.NETCore.Setup: <c>Profile</c>, <c>ProfilesLocation</c>, <c>Region</c>, <c>ServiceURL</c>, and the
    /// extra keys <c>CognitoServiceURL</c> / <c>ApiGatewayServiceURL</c>) plus <c>AWS:Retry</c> and <c>AWS:RateLimits</c>.
    /// Credentials come from the profile or the SDK's default chain.
    /// </summary>
    public static IHostApplicationBuilder AddAwsClients(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddAwsClients(options => Bind(configuration, options));
        return builder;
    }

    /// <summary>
    /// Registers <see cref="IAwsClients"/> with options set in code (tests, tools): explicit credentials, a
    /// <c>ServiceURL</c>, a default region, retry timing, rate limits, a pinned signing clock. Calling it again adds
    /// another configuration step to the same options.
    /// </summary>
    public static IServiceCollection AddAwsClients(this IServiceCollection services, Action<AwsClientOptions> configure)
    {
        services.Configure(configure);

        // A second call only adds its configuration step: adding the handlers again would sign every request twice
        // and take two rate-limit tokens per call.
        if (services.Any(d => d.ServiceType == typeof(AwsClientsRegistered)))
        {
            return services;
        }

        services.AddOptions<AwsClientOptions>()
            .Validate(options => IsAbsoluteOrEmpty(options.ServiceUrl), "AWS:ServiceURL must be an absolute URL such as http://127.0.0.1:4566/.")
            .Validate(options => IsAbsoluteOrEmpty(options.CognitoServiceUrl), "AWS:CognitoServiceURL must be an absolute URL.")
            .Validate(options => IsAbsoluteOrEmpty(options.ApiGatewayServiceUrl), "AWS:ApiGatewayServiceURL must be an absolute URL.")
            .Validate(options => options.ListPageSize is null or >= 1, "AWS:ListPageSize must be at least 1 (or unset).")
            .Validate(options => options.Retry.MaxAttempts >= 1 && options.Retry.LimitExceededMaxAttempts >= 1, "AWS:Retry attempts must be at least 1.")
            .Validate(options => !options.RateLimits.Enabled
                                 || (IsValid(options.RateLimits.ApiGateway) && IsValid(options.RateLimits.Cognito)),
                "AWS:RateLimits need RequestsPerSecond > 0 and Burst >= 1 per service (or Enabled = false).")
            .ValidateOnStart();

        services.AddSingleton<AwsClientsRegistered>();
        services.TryAddSingleton<AwsCredentialSource>();
        services.TryAddSingleton<AwsRateLimiters>();
        services.TryAddSingleton<AwsClockSkew>();
        services.TryAddSingleton<AwsCallRecorder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAwsCallListener, AwsCallRecorder>(
            provider => provider.GetRequiredService<AwsCallRecorder>()));
        services.TryAddTransient<AwsSigningHandler>();
        services.TryAddTransient<AwsRateLimitHandler>();
        services.TryAddSingleton<AwsClients>();
        services.TryAddSingleton<IAwsClients>(provider => provider.GetRequiredService<AwsClients>());

        // Order matters: the first handler added is the outermost. Retry → rate limit → attempt timeout → SigV4:
        // every attempt waits for its own token (AWS counts retries too), the wait is not part of the attempt's
        // timeout, and every attempt is signed afresh.
        services.AddHttpClient(AwsTransport.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(AwsRetryPolicy.RetryPipelineName, (pipeline, context) =>
                AwsRetryPolicy.ConfigureRetry(pipeline, RetryOptions(context.ServiceProvider),
                    context.ServiceProvider.GetRequiredService<AwsClockSkew>()));
        services.AddHttpClient(AwsTransport.HttpClientName)
            .AddHttpMessageHandler<AwsRateLimitHandler>()
            .AddResilienceHandler(AwsRetryPolicy.AttemptPipelineName, (pipeline, context) =>
                AwsRetryPolicy.ConfigureAttemptTimeout(pipeline, RetryOptions(context.ServiceProvider)));
        services.AddHttpClient(AwsTransport.HttpClientName)
            .AddHttpMessageHandler<AwsSigningHandler>()
            // Redirects are never followed below the signer: a redirected request would carry a signature for another URL.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        return services;
    }

    private static void Bind(IConfiguration configuration, AwsClientOptions options)
    {
        AWSOptions sdk = configuration.GetAWSOptions();
        options.Profile ??= sdk.Profile;
        options.ProfilesLocation ??= sdk.ProfilesLocation;
        options.Region ??= sdk.Region?.SystemName;
        options.ServiceUrl ??= sdk.DefaultClientConfig.ServiceURL;

        var extra = sdk.DefaultClientConfig.ServiceSpecificSettings;
        options.CognitoServiceUrl ??= extra.TryGetValue("CognitoServiceURL", out var cognito) ? cognito : null;
        options.ApiGatewayServiceUrl ??= extra.TryGetValue("ApiGatewayServiceURL", out var apiGateway) ? apiGateway : null;

        options.ListPageSize ??= configuration.GetValue<int?>($"{AwsClientOptions.SectionName}:ListPageSize");
        configuration.GetSection($"{AwsClientOptions.SectionName}:Retry").Bind(options.Retry);
        configuration.GetSection($"{AwsClientOptions.SectionName}:RateLimits").Bind(options.RateLimits);
    }

    private static AwsRetryOptions RetryOptions(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AwsClientOptions>>().Value.Retry;

    private static bool IsAbsoluteOrEmpty(string? url) =>
        string.IsNullOrWhiteSpace(url) || Uri.TryCreate(url, UriKind.Absolute, out _);

    private static bool IsValid(AwsServiceRateLimit limit) => limit.RequestsPerSecond > 0 && limit.Burst >= 1;
}

/// <summary>Marks that the AWS clients' HTTP pipeline is registered, so it is built once per container.</summary>
internal sealed class AwsClientsRegistered;
