using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Verification;

/// <summary>Registration of verification; called by <c>AddProvisioning</c>.</summary>
public static class VerificationRegistration
{
    /// <summary>
    /// Registers <see cref="IVerificationService"/>, the <c>Verification</c> options (validated at start), the HTTP
    /// client that calls invoke URLs (no redirects, no cookies, no logging of headers) and the Data Protection keys of
    /// the test users' passwords (a folder of their own, <c>{Records:DataDirectory}/keys</c> by default).
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
    // persisted beside the records, so a restart can still read the kept passwords.
    private static IDataProtector CreateProtector(IServiceProvider services)
    {
        var verification = services.GetRequiredService<IOptions<VerificationOptions>>().Value;
        var records = services.GetRequiredService<IOptions<RecordsOptions>>().Value;
        var folder = verification.KeysDirectory is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetFullPath(records.DataDirectory ?? "data"), "keys");
        Directory.CreateDirectory(folder);
        var provider = DataProtectionProvider.Create(new DirectoryInfo(folder), b => b.SetApplicationName("SecureApi.Verification"));
        return provider.CreateProtector(TestUserSecrets.Purpose);
    }
}
