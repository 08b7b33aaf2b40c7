using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Tests.Records;

/// <summary>How the app wires the records from configuration (SQLite cases only: they need no server).</summary>
public sealed class RecordsRegistrationTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "secureapi-host-" + Guid.NewGuid().ToString("N"));

    public RecordsRegistrationTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddRecords();
        return builder.Build();
    }

    [Fact]
    public async Task Start_WithNoSettings_CreatesAndMigratesTheSqliteFileInTheDataFolder()
    {
        using var host = BuildHost([]);

        await host.StartAsync();

        var file = Path.Combine(_contentRoot, "data", "secureapi.db");
        Assert.True(File.Exists(file), $"expected {file}");
        await using var context = await host.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContextAsync();
        Assert.IsType<SqliteRecordsDbContext>(context);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_WithRelativeDataDirectory_PutsTheFileUnderTheContentRoot()
    {
        using var host = BuildHost(new() { ["Records:DataDirectory"] = "state/records" });

        await host.StartAsync();

        Assert.True(File.Exists(Path.Combine(_contentRoot, "state", "records", "secureapi.db")));
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_WithMigrateOnStartOff_LeavesTheSchemaToTheOperator()
    {
        using var host = BuildHost(new() { ["Records:MigrateOnStart"] = "false" });

        await host.StartAsync();

        await using var context = await host.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContextAsync();
        Assert.Empty(await context.Database.GetAppliedMigrationsAsync());
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_PostgresWithoutConnectionString_FailsNamingTheSetting()
    {
        using var host = BuildHost(new() { ["Records:Provider"] = "Postgres" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings:Records", error.Message);
    }

    [Fact]
    public void Postgres_WithConnectionString_ServesThePostgresContext()
    {
        using var host = BuildHost(new()
        {
            ["Records:Provider"] = "Postgres",
            ["ConnectionStrings:Records"] = "Host=127.0.0.1;Port=1;Database=secureapi;Username=secureapi",
        });

        using var context = host.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContext();

        Assert.IsType<PostgresRecordsDbContext>(context);
        Assert.Equal("secureapi", context.Database.GetDbConnection().Database);
        Assert.False(File.Exists(Path.Combine(_contentRoot, "data", "secureapi.db")));
    }

    [Fact]
    public void Options_BindFromTheRecordsSectionAndConnectionStrings()
    {
        using var host = BuildHost(new()
        {
            ["Records:Provider"] = "Postgres",
            ["ConnectionStrings:Records"] = "Host=db;Database=records",
        });

        var options = host.Services.GetRequiredService<IOptions<RecordsOptions>>().Value;

        Assert.Equal(RecordsProvider.Postgres, options.Provider);
        Assert.Equal("Host=db;Database=records", options.ConnectionString);
        Assert.Equal(Path.Combine(_contentRoot, "data"), options.DataDirectory);
    }

    [Fact]
    public async Task AddRecords_CalledTwice_RegistersOneStoreAndOneMigrator()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot });
        builder.Services.AddLogging();
        builder.AddRecords();
        builder.AddRecords();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Single(host.Services.GetServices<IDbContextFactory<RecordsDbContext>>());
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<RecordsMigrator>());
        await host.StopAsync();
    }
}
