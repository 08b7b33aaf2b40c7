using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SecureApi.Provisioning.Records;

/// <summary>The records on SQLite (the default: a file in the app's data folder). Carries the SQLite migrations.</summary>
public sealed class SqliteRecordsDbContext(DbContextOptions<SqliteRecordsDbContext> options) : RecordsDbContext(options)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: EF would store DateTimeOffset as text it cannot ORDER BY or compare. UTC ticks sort
        // and compare as integers in the database, so the dashboard's paging by CreatedAt stays in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks; reads it back in UTC (the instant is kept, the offset is not).</summary>
public sealed class DateTimeOffsetToUtcTicksConverter()
    : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
