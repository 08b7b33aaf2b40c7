using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Keys;

/// <summary>
/// Where the Data Protection keys live: in the records database (one ring per purpose), so that every portal instance
/// on one database shares them and a re-created container still reads what it protected; encrypted at rest with an
/// X.509 certificate when <c>DataProtection:CertificatePath</c> is set.
/// </summary>
public static class KeyStorage
{
    /// <summary>The configuration section: <c>CertificatePath</c> (a .pfx file) and <c>CertificatePassword</c>.</summary>
    public const string Section = "DataProtection";

    /// <summary>The ring of the portal's own keys: sign-in cookies, antiforgery tokens.</summary>
    public const string PortalRing = "portal";

    /// <summary>The ring of the keys that protect verification test users' passwords.</summary>
    public const string VerificationRing = "verification";

    /// <summary>
    /// Keeps the builder's keys in <paramref name="ring"/> of the records (through <paramref name="records"/>, or the
    /// application's own record store when null; a host that has none keeps the default storage).
    /// </summary>
    public static IDataProtectionBuilder PersistKeysToRecords(this IDataProtectionBuilder builder, string ring, IDbContextFactory<RecordsDbContext>? records = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, services) =>
        {
            // A host without the record store (the pages alone over fakes, as UI tests run them) keeps Data
            // Protection's default storage.
            if ((records ?? services.GetService<IDbContextFactory<RecordsDbContext>>()) is { } store)
            {
                options.XmlRepository = new RecordsXmlRepository(store, ring, services.GetService<TimeProvider>() ?? TimeProvider.System);
            }
        });
        return builder;
    }

    /// <summary>
    /// Encrypts the builder's keys at rest with the certificate of <c>DataProtection:CertificatePath</c>, when set;
    /// otherwise Data Protection keeps them as they are (and says so in its log at start).
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        return LoadCertificate(configuration) is { } certificate ? builder.ProtectKeysWithCertificate(certificate) : builder;
    }

    // Read at registration, so a wrong path or password stops the start with the key named, not the first sign-in.
    private static X509Certificate2? LoadCertificate(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["CertificatePath"] is not { Length: > 0 } path)
        {
            return null;
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, section["CertificatePassword"], X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"{Section}:CertificatePath: '{path}' has no private key; the keys could be written but never read back.");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The message names the file and the key, never the password.
            throw new InvalidOperationException($"{Section}:CertificatePath: '{path}' could not be read as a PKCS#12 (.pfx) certificate with the given {Section}:CertificatePassword ({ex.GetType().Name}).", ex);
        }
    }
}
