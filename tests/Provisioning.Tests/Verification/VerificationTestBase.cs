using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;
using SecureApi.Provisioning.Tests.Engine;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Provisioning.Tests.Verification;

/// <summary>
/// The provisioning registration (engine, worker, verification) over the Sandbox on 127.0.0.1, with every log line
/// captured at Trace level so a test can look for secrets in them. Integrations point at the Sandbox's echo target.
/// </summary>
public abstract class VerificationTestBase : IAsyncLifetime
{
    public static readonly Caller Admin = new("admin-1", "Ada Admin", CallerRole.Admin);
    private readonly List<IHost> _hosts = [];

    protected SandboxAws Aws { get; private set; } = null!;
    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("secureapi-verify-").FullName;
    protected CapturedLogs Logs { get; } = new();
    protected IHost Host { get; private set; } = null!;
    protected IDeploymentService Deployments => Host.Services.GetRequiredService<IDeploymentService>();
    protected IVerificationService Verification => Host.Services.GetRequiredService<IVerificationService>();
    protected string EchoUrl => $"{Aws.Server.Endpoint}_sandbox/echo";

    /// <summary>Settings of the host a test starts; a test class changes them before <see cref="StartHostAsync"/>.</summary>
    protected Dictionary<string, string?> Settings { get; } = new()
    {
        ["Provisioning:QueuePollInterval"] = "00:00:00.250",
        ["Provisioning:DriftCheckEnabled"] = "false",
        ["Verification:VerifyAfterCreate"] = "true",
        ["Verification:FirstCheckWait"] = "00:00:05",
    };

    public async Task InitializeAsync()
    {
        Aws = await SandboxAws.StartAsync();
        Host = await StartHostAsync();
    }

    protected async Task<IHost> StartHostAsync()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = DataDirectory,
            EnvironmentName = "Test",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(Settings) { ["Records:DataDirectory"] = DataDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(Logs);
        builder.AddProvisioning();
        Aws.ConfigureServices(builder.Services);
        ConfigureServices(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    /// <summary>A test's own additions to the host's services, applied after the provisioning registration.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected async Task RestartAsync()
    {
        await Host.StopAsync(TimeSpan.FromSeconds(30));
        Host = await StartHostAsync();
    }

    protected SecureApiSpec Spec(string name = "users-api", string? integrationUrl = null, string? existingPoolId = null) => new()
    {
        Region = TestData.Region,
        Api = new ApiSpec { Name = name },
        Routes = ["GET /users/{userId}", "POST /orders"],
        UserPool = existingPoolId is null
            ? new UserPoolSpec { Name = $"{name}-users", SignInWith = ["email"] }
            : new UserPoolSpec { ExistingPoolId = existingPoolId },
        Integration = new IntegrationSpec { Method = "ANY", Url = integrationUrl ?? EchoUrl },
    };

    /// <summary>Creates and waits for Active (and, when the automatic run is on, for its result).</summary>
    protected async Task<DeploymentDetails> CreateActiveAsync(SecureApiSpec spec, bool waitForAutomaticRun = true)
    {
        var created = await Deployments.CreateAsync(spec, Admin);
        return await WaitForAsync(created.Id, d => d.State == DeploymentState.Active
            && (!waitForAutomaticRun || d.LastVerificationOutcome is not null));
    }

    protected async Task<DeploymentDetails> WaitForAsync(Guid id, Func<DeploymentDetails, bool> done, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var details = await Deployments.GetAsync(id, Admin) ?? throw new InvalidOperationException($"Deployment {id} vanished.");
            if (done(details))
            {
                return details;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Deployment {id} stayed {details.State} (last verification {details.LastVerificationOutcome}): {details.Error}");
            }

            await Task.Delay(50);
        }
    }

    protected async Task<DeploymentDetails> DeleteAndWaitAsync(Guid id)
    {
        await Deployments.DeleteAsync(id, Admin);
        return await WaitForAsync(id, d => d.State is DeploymentState.Deleted or DeploymentState.Failed);
    }

    /// <summary>Users of a pool as the Sandbox holds them, with their passwords (only the Sandbox knows them).</summary>
    protected IReadOnlyDictionary<string, string?> UsersOf(string poolId)
    {
        lock (Aws.Server.State.Gate)
        {
            return Aws.Server.State.Pools.TryGetValue(poolId, out var pool)
                ? pool.Users.Values.ToDictionary(u => u.Username, u => u.Password)
                : new Dictionary<string, string?>();
        }
    }

    /// <summary>A loopback URL nothing listens on: the integration target is gone.</summary>
    protected static string ClosedLoopbackUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/gone";
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                host.Dispose();
            }
        }

        await Aws.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on a slow machine: the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>Every log message and exception text written through the host's logging, at every level.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too, not only the rendered message: a secret passed as a parameter counts.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
