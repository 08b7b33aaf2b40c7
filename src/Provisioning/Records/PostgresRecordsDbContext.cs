using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SecureApi.Provisioning.Records;

/// <summary>The records on PostgreSQL (<c>Records:Provider=Postgres</c>, for a team). Carries the PostgreSQL migrations.</summary>
public sealed class PostgresRecordsDbContext(DbContextOptions<PostgresRecordsDbContext> options) : RecordsDbContext(options)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Npgsql writes timestamptz only from offset-zero values and throws otherwise; callers may hold local offsets.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcConverter>();
    }
}

/// <summary>Converts a <see cref="DateTimeOffset"/> to the same instant in UTC before it is written.</summary>
public sealed class DateTimeOffsetToUtcConverter()
    : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
