using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Tests.Records;

/// <summary>
/// One migrated database per test class, reached through the production registration (<c>AddRecords</c>) and the
/// hosted migrator. A missing PostgreSQL server fails every test of the class with instructions; it never skips.
/// </summary>
public abstract class RecordsFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    public abstract RecordsProvider Provider { get; }

    public IDbContextFactory<RecordsDbContext> Contexts =>
        _services?.GetRequiredService<IDbContextFactory<RecordsDbContext>>()
        ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        _services = BuildServices(_database.Options);
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public static ServiceProvider BuildServices(RecordsOptions options) =>
        new ServiceCollection().AddLogging().AddRecords(options).BuildServiceProvider(validateScopes: true);
}

public sealed class SqliteRecordsFixture : RecordsFixture
{
    public override RecordsProvider Provider => RecordsProvider.Sqlite;
}

public sealed class PostgresRecordsFixture : RecordsFixture
{
    public override RecordsProvider Provider => RecordsProvider.Postgres;
}
