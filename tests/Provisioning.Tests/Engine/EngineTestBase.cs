using Microsoft.Data.Sqlite;
using SecureApi.Provisioning.Tests.Engine.Fakes;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>A fresh records folder and a fresh AWS stand-in per test; hosts started on them are disposed at the end.</summary>
public abstract class EngineTestBase : IAsyncLifetime
{
    private readonly List<EngineHost> _hosts = [];

    protected FakeAws Aws { get; } = new();
    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("secureapi-engine-").FullName;

    protected async Task<EngineHost> StartHostAsync()
    {
        var host = await EngineHost.StartAsync(Aws, DataDirectory);
        _hosts.Add(host);
        return host;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

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
