using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SecureApi.Provisioning.Records;

/// <summary>Registers the record store: options, a context factory per provider, and the start-up migrator.</summary>
public static class RecordsRegistration
{
    /// <summary>
    /// Binds <see cref="RecordsOptions"/> from the <c>Records</c> section and <c>ConnectionStrings:Records</c>, defaults
    /// the SQLite folder to <c>{ContentRoot}/data</c>, validates on start and migrates at start.
    /// Call it before registering hosted services that read the records.
    /// </summary>
    public static IHostApplicationBuilder AddRecords(this IHostApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddOptions<RecordsOptions>()
            .BindConfiguration(RecordsOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.ConnectionString ??= configuration.GetConnectionString(RecordsOptions.ConnectionStringName);
                options.DataDirectory = string.IsNullOrWhiteSpace(options.DataDirectory)
                    ? Path.Combine(contentRoot, "data")
                    : Path.GetFullPath(options.DataDirectory, contentRoot);
            });
        builder.Services.AddRecordsCore();
        return builder;
    }

    /// <summary>Registers the record store with fixed <paramref name="options"/> (tests, tools).</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services, RecordsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddOptions<RecordsOptions>().Configure(o =>
        {
            o.Provider = options.Provider;
            o.DataDirectory = options.DataDirectory;
            o.ConnectionString = options.ConnectionString;
            o.MigrateOnStart = options.MigrateOnStart;
        });
        return services.AddRecordsCore();
    }

    /// <summary>Applies pending migrations now (what the hosted <see cref="RecordsMigrator"/> does at start).</summary>
    public static Task MigrateRecordsAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        ActivatorUtilities.CreateInstance<RecordsMigrator>(services).MigrateAsync(cancellationToken);

    private static IServiceCollection AddRecordsCore(this IServiceCollection services)
    {
        // Several areas (provisioning, portal) may ask for the records; register the store once.
        if (services.Any(d => d.ServiceType == typeof(IDbContextFactory<RecordsDbContext>)))
        {
            return services;
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecordsOptions>, RecordsOptionsValidator>());
        services.AddOptions<RecordsOptions>().ValidateOnStart();

        // Both providers are registered; which one serves IDbContextFactory<RecordsDbContext> is read from the options
        // when it is first resolved, so configuration added late (e.g. by a test host) still decides.
        services.AddDbContextFactory<SqliteRecordsDbContext>((sp, builder) => ConfigureSqlite(builder, Options(sp)));
        services.AddDbContextFactory<PostgresRecordsDbContext>((sp, builder) => ConfigurePostgres(builder, Options(sp)));
        services.TryAddSingleton<IDbContextFactory<RecordsDbContext>>(sp => Options(sp).Provider == RecordsProvider.Postgres
            ? new RecordsContextFactory<PostgresRecordsDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresRecordsDbContext>>())
            : new RecordsContextFactory<SqliteRecordsDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteRecordsDbContext>>()));
        services.AddHostedService<RecordsMigrator>();
        return services;
    }

    /// <summary>SQLite options for <paramref name="options"/>: the file in the data folder, which is created if missing.</summary>
    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder builder, RecordsOptions options)
    {
        var path = options.SqlitePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return builder.UseSqlite($"Data Source={path}").AddInterceptors(SqliteSynchronousInterceptor.Instance);
    }

    /// <summary>PostgreSQL options for <paramref name="options"/>.</summary>
    internal static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder builder, RecordsOptions options) =>
        builder.UseNpgsql(options.ConnectionString);

    private static RecordsOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<RecordsOptions>>().Value;
}

/// <summary>Serves the provider's context as the common <see cref="RecordsDbContext"/>.</summary>
internal sealed class RecordsContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<RecordsDbContext>
    where TContext : RecordsDbContext
{
    public RecordsDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<RecordsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
