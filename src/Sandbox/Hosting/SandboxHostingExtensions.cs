using Microsoft.Extensions.Options;
using SecureApi.Sandbox.Hosting;

namespace SecureApi.Sandbox;

/// <summary>Where the hosted Sandbox listens, for the portal to point its AWS clients at and to print.</summary>
public interface ISandboxEndpoint
{
    /// <summary>Whether <c>Sandbox:Enabled</c> is on (so the app should use the Sandbox rather than AWS).</summary>
    bool Enabled { get; }

    /// <summary>The bound URL with a trailing '/', once started; null while not (yet) running.</summary>
    Uri? Endpoint { get; }

    /// <summary>The running server (state, fault injection), once started; null while not running.</summary>
    SandboxServer? Server { get; }
}

public static class SandboxHostingExtensions
{
    /// <summary>
    /// Hosts the Sandbox in this app when <c>Sandbox:Enabled</c> is true: a hosted service starts a
    /// <see cref="SandboxServer"/> from the <c>Sandbox</c> section before the app serves requests, and
    /// <see cref="ISandboxEndpoint"/> tells where it listens.
    /// </summary>
    public static IHostApplicationBuilder AddSandbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSandbox(builder.Configuration);
        return builder;
    }

    /// <inheritdoc cref="AddSandbox(IHostApplicationBuilder)"/>
    public static IServiceCollection AddSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>()
            .Bind(configuration.GetSection(SandboxOptions.SectionName))
            .Validate(o => !o.Enabled || SandboxOptionsValidation.Problems(o).Count == 0,
                "Invalid Sandbox configuration (see the Sandbox section): check Sandbox:Url, keys, AccountId, LatencyMs, Throttle and Faults.")
            .ValidateOnStart();
        services.AddSingleton<SandboxHost>();
        services.AddSingleton<ISandboxEndpoint>(sp => sp.GetRequiredService<SandboxHost>());
        services.AddHostedService(sp => sp.GetRequiredService<SandboxHost>());
        return services;
    }
}

/// <summary>Starts and stops the Sandbox with the host.</summary>
internal sealed class SandboxHost(IOptions<SandboxOptions> options, ILogger<SandboxHost> logger) : IHostedService, ISandboxEndpoint, IAsyncDisposable
{
    public bool Enabled => options.Value.Enabled;

    public Uri? Endpoint => Server?.Endpoint;

    public SandboxServer? Server { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            logger.LogInformation("Sandbox disabled (Sandbox:Enabled=false): AWS calls go to AWS.");
            return;
        }

        Server = await SandboxServer.StartAsync(options.Value, cancellationToken);
        logger.LogInformation("Sandbox (Cognito IdP + API Gateway v2) listening on {Endpoint}", Server.Endpoint);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Server is { } server)
        {
            Server = null;
            await server.DisposeAsync();
        }
    }
}
