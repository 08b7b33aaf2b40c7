using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws;
using SecureApi.Sandbox;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>The Sandbox on 127.0.0.1 (free port), reached by the real typed clients: SigV4, retries, rate limits on.</summary>
public sealed class SandboxAws : IAwsStandIn, IAwsCallListener
{
    private readonly ConcurrentQueue<(string Operation, object Request)> _calls = new();
    private readonly ServiceProvider _lookups;
    private int _callsSinceCrashSet;

    private SandboxAws(SandboxServer server)
    {
        Server = server;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAwsClients(Apply);
        _lookups = services.BuildServiceProvider();
        Clients = _lookups.GetRequiredService<IAwsClients>();
    }

    public SandboxServer Server { get; }
    public IAwsClients Clients { get; }
    public IReadOnlyList<string> Calls => [.. _calls.Select(c => c.Operation)];
    public IReadOnlyList<object> Requests => [.. _calls.Select(c => c.Request)];

    public TimeSpan Latency
    {
        get => TimeSpan.FromMilliseconds(Server.Control.LatencyMs);
        set => Server.Control.LatencyMs = (int)value.TotalMilliseconds;
    }

    public static async Task<SandboxAws> StartAsync() =>
        new(await SandboxServer.StartAsync(new SandboxOptions { Url = "http://127.0.0.1:0" }));

    public void ClearCalls() => _calls.Clear();

    public void FailCall(string operation, int nth, string errorCode, HttpStatusCode status, string message, int times = 1) =>
        Server.Control.AddFault(new FaultOptions
        {
            Operation = operation, OnCall = nth, Times = times, ErrorCode = errorCode, StatusCode = (int)status, Message = message,
        });

    public void CrashAfterCall(int callNumber, Action crash)
    {
        Interlocked.Exchange(ref _callsSinceCrashSet, 0);
        Server.Control.AfterOperation = async _ =>
        {
            if (Interlocked.Increment(ref _callsSinceCrashSet) == callNumber)
            {
                crash();
                // Hold the answer back until the dying process has given up on it.
                await Task.Delay(TimeSpan.FromSeconds(2));
                throw new InvalidOperationException("Simulated crash: the answer never reaches the caller.");
            }
        };
    }

    /// <summary>
    /// The host's registration (AddProvisioning) already added the clients; registering them again would stack a
    /// second signer and rate limiter on the same HTTP pipeline, so only the options are set here.
    /// </summary>
    public void ConfigureServices(IServiceCollection services)
    {
        services.Configure<AwsClientOptions>(Apply);
        services.AddSingleton<IAwsCallListener>(this);
    }

    public void OnCallCompleted(object request, AwsCall call) => _calls.Enqueue((call.Operation, request));

    public async ValueTask DisposeAsync()
    {
        await _lookups.DisposeAsync();
        await Server.DisposeAsync();
    }

    // Production settings (rate limits on: 10/s burst 40 for API Gateway), with short backoffs so a retried test is quick.
    private void Apply(AwsClientOptions options)
    {
        options.ServiceUrl = Server.Endpoint.ToString();
        options.Credentials = new BasicAWSCredentials("test", "test");
        options.Region = TestData.Region;
        options.UseEndpointEnvironmentVariables = false;
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
    }
}
