using Microsoft.Extensions.Options;

namespace SecureApi.Provisioning.Records;

/// <summary>Where the records live. Configuration section <c>Records</c>; the PostgreSQL connection string is <c>ConnectionStrings:Records</c>.</summary>
public sealed class RecordsOptions
{
    /// <summary>Configuration section of these options.</summary>
    public const string SectionName = "Records";

    /// <summary>Name of the connection string (<c>ConnectionStrings:Records</c>) used with PostgreSQL.</summary>
    public const string ConnectionStringName = "Records";

    /// <summary>File name of the SQLite database inside <see cref="DataDirectory"/>.</summary>
    public const string SqliteFileName = "secureapi.db";

    /// <summary><c>Sqlite</c> (default, no set-up) or <c>Postgres</c>.</summary>
    public RecordsProvider Provider { get; set; } = RecordsProvider.Sqlite;

    /// <summary>Folder of the SQLite file (created if missing). Defaults to <c>{ContentRoot}/data</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>PostgreSQL connection string; bound from <c>ConnectionStrings:Records</c>. Not used with SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start (default). Turn off when a deployment pipeline migrates instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Full path of the SQLite file.</summary>
    public string SqlitePath => Path.Combine(Path.GetFullPath(DataDirectory ?? "data"), SqliteFileName);
}

/// <summary>Database behind the records.</summary>
public enum RecordsProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Fails start with a message that names the setting to fix.</summary>
internal sealed class RecordsOptionsValidator : IValidateOptions<RecordsOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordsOptions options) => options.Provider switch
    {
        RecordsProvider.Postgres when string.IsNullOrWhiteSpace(options.ConnectionString) => ValidateOptionsResult.Fail(
            $"{RecordsOptions.SectionName}:Provider is Postgres but ConnectionStrings:{RecordsOptions.ConnectionStringName} is empty. "
            + $"Set ConnectionStrings:{RecordsOptions.ConnectionStringName} (e.g. Host=db;Database=secureapi;Username=secureapi;Password=…), "
            + $"or remove {RecordsOptions.SectionName}:Provider to use the built-in SQLite file."),
        RecordsProvider.Sqlite when string.IsNullOrWhiteSpace(options.DataDirectory) => ValidateOptionsResult.Fail(
            $"{RecordsOptions.SectionName}:DataDirectory is empty; set it to the folder that holds {RecordsOptions.SqliteFileName}."),
        RecordsProvider.Sqlite or RecordsProvider.Postgres => ValidateOptionsResult.Success,
        _ => ValidateOptionsResult.Fail(
            $"{RecordsOptions.SectionName}:Provider '{options.Provider}' is not supported; use Sqlite or Postgres."),
    };
}
