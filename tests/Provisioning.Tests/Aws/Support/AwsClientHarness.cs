using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Aws.Support;

/// <summary>
/// The clients as the product registers them (<see cref="AwsServiceCollectionExtensions.AddAwsClients(IServiceCollection, Action{AwsClientOptions})"/>),
/// pointed at a <see cref="FakeAwsServer"/> with fixed test credentials, millisecond backoff and no rate limit unless a
/// test asks for one.
/// </summary>
public sealed class AwsClientHarness : IAsyncDisposable
{
    public const string Region = "eu-west-1";

    public static readonly BasicAWSCredentials TestCredentials = new("AKIDTESTCLIENT", "test-secret-key");

    private readonly ServiceProvider _provider;

    private AwsClientHarness(FakeAwsServer server, ServiceProvider provider)
    {
        Server = server;
        _provider = provider;
    }

    public FakeAwsServer Server { get; }

    public IServiceProvider Services => _provider;

    public IAwsClients Clients => _provider.GetRequiredService<IAwsClients>();

    public ICognitoClient Cognito => Clients.Cognito(Region);

    public IHttpApiClient HttpApi => Clients.HttpApi(Region);

    public AwsCallRecorder Recorder => _provider.GetRequiredService<AwsCallRecorder>();

    public static async Task<AwsClientHarness> StartAsync(Action<AwsClientOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var server = await FakeAwsServer.StartAsync();
        var collection = new ServiceCollection().AddLogging();
        collection.AddAwsClients(options =>
        {
            options.Credentials = TestCredentials;
            options.ServiceUrl = server.Endpoint.ToString();
            options.Region = Region;
            options.UseEndpointEnvironmentVariables = false;
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
            options.RateLimits.Enabled = false;
            configure?.Invoke(options);
        });
        services?.Invoke(collection);
        return new AwsClientHarness(server, collection.BuildServiceProvider(validateScopes: true));
    }

    /// <summary>Asserts the request carries a SigV4 signature that verifies against what actually arrived.</summary>
    public void AssertSignatureVerifies(CapturedRequest request) =>
        Assert.Equal(SigV4Verifier.ExpectedAuthorization(request, Server.Endpoint, TestCredentials), request.Header("Authorization"));

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
