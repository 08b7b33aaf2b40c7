using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SecureApi.Provisioning.Records;

/// <summary>
/// Sets <c>PRAGMA synchronous=NORMAL</c> on every SQLite connection. Under WAL (set by the migrator) a commit then
/// survives a crash of the process — what the journal guards against — without an fsync per commit; only a power loss
/// can drop the last commits. The journal writes one commit per plan level, so this is most of create's overhead.
/// </summary>
internal sealed class SqliteSynchronousInterceptor : DbConnectionInterceptor
{
    public static SqliteSynchronousInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Pragma = "PRAGMA synchronous=NORMAL;";

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
