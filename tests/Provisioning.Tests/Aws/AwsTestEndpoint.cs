using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

/// <summary>Where "AWS" is for a test run, and with which keys.</summary>
public sealed record AwsTestSettings(Uri Endpoint, AWSCredentials Credentials, string Region, bool IsExternal);

/// <summary>
/// The switch for tests that talk "to AWS" (use as an xunit class or collection fixture). When
/// <c>SECUREAPI_TEST_AWS_ENDPOINT</c> is set, calls go there, signed with <c>AWS_ACCESS_KEY_ID</c> /
/// <c>AWS_SECRET_ACCESS_KEY</c> (and <c>AWS_SESSION_TOKEN</c>) in <c>AWS_REGION</c> (default us-east-1). Otherwise a
/// local endpoint is started on 127.0.0.1 with the Sandbox's default keys (<c>test</c>/<c>test</c>).
/// The local endpoint is <see cref="StartLocalAsync"/>: today the scripted <see cref="FakeAwsServer"/>; once the
/// in-process Sandbox exists, that method returns <c>SandboxServer.StartAsync(new SandboxOptions { Url = "http://127.0.0.1:0" })</c>
/// and its <c>Endpoint</c> instead, and nothing else here changes.
/// </summary>
public sealed class AwsTestEndpoint : IAsyncLifetime
{
    public const string EndpointVariable = "SECUREAPI_TEST_AWS_ENDPOINT";
    public const string LocalRegion = "us-east-1";

    private readonly Func<string, string?> _environment;
    private IAsyncDisposable? _local;

    /// <summary>Reads the process environment (what xunit uses).</summary>
    public AwsTestEndpoint()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>Reads the given environment instead (tests of the switch itself).</summary>
    public AwsTestEndpoint(Func<string, string?> environment) => _environment = environment;

    public AwsTestSettings Settings { get; private set; } = null!;

    /// <summary>The scripted fake when it is the local endpoint; null against an external endpoint.</summary>
    public FakeAwsServer? Fake => _local as FakeAwsServer;

    /// <summary>Settings from the environment, or null when <c>SECUREAPI_TEST_AWS_ENDPOINT</c> is not set.</summary>
    /// <exception cref="InvalidOperationException">The endpoint is set but the keys are not, or it is not a URL.</exception>
    public static AwsTestSettings? FromEnvironment(Func<string, string?> environment)
    {
        var endpoint = environment(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"{EndpointVariable} must be an absolute URL, e.g. http://127.0.0.1:4566.");
        }

        var accessKey = environment("AWS_ACCESS_KEY_ID");
        var secretKey = environment("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            throw new InvalidOperationException($"{EndpointVariable} is set: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set too.");
        }

        var token = environment("AWS_SESSION_TOKEN");
        AWSCredentials credentials = string.IsNullOrEmpty(token)
            ? new BasicAWSCredentials(accessKey, secretKey)
            : new SessionAWSCredentials(accessKey, secretKey, token);
        var region = environment("AWS_REGION");
        return new AwsTestSettings(uri, credentials, string.IsNullOrWhiteSpace(region) ? LocalRegion : region, IsExternal: true);
    }

    public async Task InitializeAsync()
    {
        if (FromEnvironment(_environment) is { } external)
        {
            Settings = external;
            return;
        }

        var (endpoint, local) = await StartLocalAsync();
        _local = local;
        Settings = new AwsTestSettings(endpoint, new BasicAWSCredentials("test", "test"), LocalRegion, IsExternal: false);
    }

    /// <summary>
    /// A service provider with the product's AWS clients aimed at this endpoint (dispose it). Retries keep the product's
    /// policy but with short delays; client-side rate limiting stays on only against an external endpoint.
    /// </summary>
    public ServiceProvider CreateServices(Action<AwsClientOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAwsClients(options =>
        {
            options.Credentials = Settings.Credentials;
            options.ServiceUrl = Settings.Endpoint.ToString();
            options.Region = Settings.Region;
            options.UseEndpointEnvironmentVariables = false;
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
            options.RateLimits.Enabled = Settings.IsExternal;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider(validateScopes: true);
    }

    public async Task DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
    }

    private static async Task<(Uri Endpoint, IAsyncDisposable Lifetime)> StartLocalAsync()
    {
        var fake = await FakeAwsServer.StartAsync();
        return (fake.Endpoint, fake);
    }
}
