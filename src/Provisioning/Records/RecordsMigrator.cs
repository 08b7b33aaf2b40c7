using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureApi.Provisioning.Records;

/// <summary>
/// Brings the records database up to the current schema when the app starts, before hosted services registered after
/// it (such as the provisioning worker) read it. Skipped when <see cref="RecordsOptions.MigrateOnStart"/> is off.
/// </summary>
public sealed partial class RecordsMigrator(
    IDbContextFactory<RecordsDbContext> contextFactory,
    IOptions<RecordsOptions> options,
    ILogger<RecordsMigrator> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await MigrateAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies every pending migration; on SQLite also switches the file to write-ahead logging.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        LogMigrating(logger, options.Value.Provider, pending.Count);
        await context.Database.MigrateAsync(cancellationToken);
        if (context.Database.IsSqlite())
        {
            // WAL lets the dashboard read while the worker writes; the setting is stored in the file, so once is enough.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Records on {Provider}: applying {Count} pending migration(s)")]
    private static partial void LogMigrating(ILogger logger, RecordsProvider provider, int count);
}
