using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Keys;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Verification;

/// <summary>Registration of verification; called by <c>AddProvisioning</c>.</summary>
public static class VerificationRegistration
{
    /// <summary>
    /// Registers <see cref="IVerificationService"/>, the <c>Verification</c> options (validated at start), the HTTP
    /// client that calls invoke URLs (no redirects, no cookies, no logging of headers) and the Data Protection keys of
    /// the test users' passwords (a ring of their own in the records, or <c>Verification:KeysDirectory</c>).
    /// </summary>
    public static IHostApplicationBuilder AddVerification(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<VerificationOptions>()
            .BindConfiguration(VerificationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddHttpClient(ApiProbe.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TestUserSecrets(CreateProtector(sp)));
        services.TryAddSingleton<ApiProbe>();
        services.TryAddSingleton<TestUsers>();
        services.TryAddSingleton<VerificationRunner>();
        services.TryAddSingleton<VerificationService>();
        services.TryAddSingleton<IVerificationService>(sp => sp.GetRequiredService<VerificationService>());
        services.TryAddSingleton<AfterCreateVerification>();
        return builder;
    }

    // A key ring of its own (not the app's), so the portal's sign-in and antiforgery settings and this never interfere;
    // kept in the records (or a folder, when Verification:KeysDirectory says so), so a restart, another instance or a
    // re-created container can still read the kept passwords.
    private static IDataProtector CreateProtector(IServiceProvider services)
    {
        var verification = services.GetRequiredService<IOptions<VerificationOptions>>().Value;
        var configuration = services.GetRequiredService<IConfiguration>();
        var collection = new ServiceCollection();
        collection.AddSingleton(services.GetRequiredService<ILoggerFactory>());
        collection.AddLogging();
        var dataProtection = collection.AddDataProtection().SetApplicationName("SecureApi.Verification").ProtectKeysAtRest(configuration);
        if (verification.KeysDirectory is { Length: > 0 } folder)
        {
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(Path.GetFullPath(folder)));
        }
        else
        {
            dataProtection.PersistKeysToRecords(KeyStorage.VerificationRing, services.GetRequiredService<IDbContextFactory<RecordsDbContext>>());
        }

        return collection.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector(TestUserSecrets.Purpose);
    }
}
