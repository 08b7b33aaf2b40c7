using Microsoft.Data.Sqlite;
using Npgsql;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Tests.Records;

/// <summary>
/// A fresh, empty records database for one test class (or one test): a temporary SQLite folder, or a PostgreSQL
/// database with a random name on the server named by <c>SECUREAPI_TEST_POSTGRES</c>. Disposing removes it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SECUREAPI_TEST_POSTGRES";

    private readonly Func<ValueTask> _drop;

    private TestDatabase(RecordsOptions options, Func<ValueTask> drop)
    {
        Options = options;
        _drop = drop;
    }

    public RecordsOptions Options { get; }

    public static Task<TestDatabase> CreateAsync(RecordsProvider provider) => provider switch
    {
        RecordsProvider.Sqlite => Task.FromResult(CreateSqlite()),
        RecordsProvider.Postgres => CreatePostgresAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "No test database for this provider."),
    };

    public ValueTask DisposeAsync() => _drop();

    private static TestDatabase CreateSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "secureapi-records-" + Guid.NewGuid().ToString("N"));
        var options = new RecordsOptions { Provider = RecordsProvider.Sqlite, DataDirectory = directory };
        return new TestDatabase(options, () =>
        {
            // Pooled connections keep the file open; release them so the folder can go.
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            return ValueTask.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgresAsync()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            var ci = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
                ? ""
                : "CI is set, and in CI the PostgreSQL record-store tests may not be skipped. ";
            throw new InvalidOperationException(
                $"{ci}The PostgreSQL record-store tests need a server: {PostgresVariable} is not set. "
                + "Start a private cluster with `scripts/start-postgres.sh` (./test.sh does it for you) and export what it prints, e.g. "
                + $"export {PostgresVariable}='Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres'.");
        }

        var name = "secureapi_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var options = new RecordsOptions { Provider = RecordsProvider.Postgres, ConnectionString = connectionString };
        return new TestDatabase(options, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
