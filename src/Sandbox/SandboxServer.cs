using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureApi.Sandbox.ApiGateway;
using SecureApi.Sandbox.Cognito;
using SecureApi.Sandbox.Control;
using SecureApi.Sandbox.DataPlane;
using SecureApi.Sandbox.Hosting;
using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox;

/// <summary>
/// The Sandbox: one Kestrel endpoint answering Cognito IdP (<c>POST /</c>, awsJson1.1) and API Gateway v2
/// (<c>/v2/…</c>, restJson1) like AWS, plus the data plane (JWKS, the HTTP API gateway) and the
/// <c>/_sandbox/control</c> admin endpoints. Start it with <see cref="StartAsync(SandboxOptions, CancellationToken)"/>; dispose it to stop.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StatePersistence _persistence;
    private int _disposed;

    private SandboxServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
        State = app.Services.GetRequiredService<SandboxState>();
        Control = app.Services.GetRequiredService<SandboxControl>();
        _persistence = app.Services.GetRequiredService<StatePersistence>();
    }

    /// <summary>The bound URL with a trailing '/', e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Everything the Sandbox holds; lock <see cref="SandboxState.Gate"/> to read or change it.</summary>
    public SandboxState State { get; }

    /// <summary>Run-time fault injection and call counting.</summary>
    public SandboxControl Control { get; }

    /// <summary>Binds the configured <see cref="SandboxOptions.Url"/> (port 0 picks a free port) and starts answering.</summary>
    public static Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, cancellationToken);

    /// <summary>
    /// Like <see cref="StartAsync(SandboxOptions, CancellationToken)"/> on a given clock: what the Sandbox takes for "now"
    /// when it checks a signature's age, stamps creation dates, issues tokens, throttles and sends the <c>Date</c> header.
    /// Tests move it to play a client whose clock is off.
    /// </summary>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var problems = SandboxOptionsValidation.Problems(options);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid Sandbox configuration: " + string.Join(" ", problems));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // The embedding process's ASPNETCORE_URLS is read into the host settings when the builder is made (before
            // the sources are cleared below); an empty --urls wins over it, so Kestrel does not warn that it overrides
            // the portal's address with the Sandbox's.
            Args = ["--urls="],
        });

        // The embedding process's configuration (its Kestrel endpoints, URLS, logging) is not the Sandbox's.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, NoOpHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(SandboxOptionsValidation.ListenAddress(options.Url)!));

        builder.Services.AddSingleton(clock);
        AddServices(builder.Services, options);
        var app = builder.Build();
        app.Use(AddRequestIdAsync);
        app.MapPost("/", (HttpContext http, CognitoEndpoint cognito) => cognito.HandleAsync(http));
        app.Map("/v2/{**operation}", (HttpContext http, ApiGatewayEndpoint apiGateway) => apiGateway.HandleAsync(http));
        app.MapSandboxAdmin();
        app.MapSandboxDataPlane();

        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = new Uri(bound.TrimEnd('/') + "/");
        app.Services.GetRequiredService<SandboxEndpointAddress>().Endpoint = endpoint;
        return new SandboxServer(app, endpoint);
    }

    /// <summary>Saves the state (when a state file is configured) and stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _persistence.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static void AddServices(IServiceCollection services, SandboxOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(StatePersistence.Load(options));
        services.AddSingleton(sp => new SandboxControl(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SandboxEndpointAddress>();
        services.AddSingleton<StateChangeNotifier>();
        services.AddSingleton<StatePersistence>();
        services.AddSingleton<AwsCallPipeline>();
        services.AddSingleton<CognitoPoolOperations>();
        services.AddSingleton<CognitoClientOperations>();
        services.AddSingleton<CognitoUserOperations>();
        services.AddSingleton<CognitoEndpoint>();
        services.AddSingleton<HttpApiOperations>();
        services.AddSingleton<RouteOperations>();
        services.AddSingleton<AuthorizerOperations>();
        services.AddSingleton<ApiGatewayEndpoint>();
        services.AddSandboxDataPlane();
    }

    // Every response carries a request id, as AWS's do; clients put it in their exceptions. The Date header is the
    // Sandbox's clock (Kestrel's would be the machine's): SDKs correct their clock skew from it.
    private static Task AddRequestIdAsync(HttpContext http, RequestDelegate next)
    {
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        http.Response.Headers.Date = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        return next(http);
    }
}
