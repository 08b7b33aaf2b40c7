using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SecureApi.Provisioning.Records;

/// <summary>
/// Lets <c>dotnet ef migrations add … --context SqliteRecordsDbContext</c> build the model without starting the app.
/// The path is never opened by <c>migrations add</c>.
/// </summary>
internal sealed class SqliteRecordsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRecordsDbContext>
{
    public SqliteRecordsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRecordsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>
/// Lets <c>dotnet ef migrations add … --context PostgresRecordsDbContext</c> build the model without a server; set
/// <c>SECUREAPI_RECORDS_POSTGRES</c> to point commands that connect (<c>database update</c>) at a real one.
/// </summary>
internal sealed class PostgresRecordsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresRecordsDbContext>
{
    public PostgresRecordsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRecordsDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("SECUREAPI_RECORDS_POSTGRES") ?? "Host=127.0.0.1;Database=secureapi")
            .Options);
}
