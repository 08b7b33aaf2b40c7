using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>A fresh records folder and a fresh AWS stand-in per test; hosts started on them are disposed at the end.</summary>
public abstract class EngineTestBase : IAsyncLifetime
{
    private readonly List<EngineHost> _hosts = [];

    protected IAwsStandIn Aws { get; private set; } = null!;
    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("secureapi-engine-").FullName;

    protected async Task<EngineHost> StartHostAsync(Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var host = await EngineHost.StartAsync(Aws, DataDirectory, configure, services);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Completes once <paramref name="host"/> has died right after the AWS call numbered <paramref name="callNumber"/>.</summary>
    protected Task CrashAfter(int callNumber, EngineHost host)
    {
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Aws.CrashAfterCall(callNumber, () =>
        {
            host.Crash();
            crashed.TrySetResult();
        });
        return crashed.Task;
    }

    /// <summary>The Sandbox over real HTTP; a test class overrides this only when it must see inside the calls.</summary>
    protected virtual async Task<IAwsStandIn> CreateAwsAsync() => await SandboxAws.StartAsync();

    public async Task InitializeAsync() => Aws = await CreateAwsAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
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
