using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Tests.Records;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>
/// Several engine instances (hosts with their own instance ids) on ONE database: the test's SQLite file, or a fresh
/// PostgreSQL database. The sealed subclasses of each test class pick the provider.
/// </summary>
public abstract class SharedDatabaseTestBase : EngineTestBase
{
    private TestDatabase? _database;
    private ServiceProvider? _records;

    protected abstract RecordsProvider Provider { get; }

    /// <summary>Starts one instance on the shared database, with <paramref name="settings"/> on top.</summary>
    protected async Task<EngineHost> StartInstanceAsync(string instanceId, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        if (Provider == RecordsProvider.Postgres)
        {
            _database ??= await TestDatabase.CreateAsync(Provider);
        }

        var configuration = new Dictionary<string, string?>(settings)
        {
            ["Provisioning:InstanceId"] = instanceId,
            ["Records:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Records"] = _database?.Options.ConnectionString,
        };
        return await StartHostAsync(builder => builder.AddInMemoryCollection(configuration), services);
    }

    /// <summary>The shared records, read straight from the database as the instances see it, independent of any of them.</summary>
    protected Task<RecordsDbContext> OpenRecordsAsync()
    {
        _records ??= RecordsFixture.BuildServices(_database?.Options
            ?? new RecordsOptions { Provider = RecordsProvider.Sqlite, DataDirectory = DataDirectory });
        return _records.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContextAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
            if (_records is not null)
            {
                await _records.DisposeAsync();
            }
        }
        finally
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }
}
