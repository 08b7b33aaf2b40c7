using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Keys;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Provisioning.Tests.Verification;

/// <summary>
/// The keys that protect the test users' passwords live in the records database (so every instance on it, and a
/// re-created container, can read the kept passwords) — encrypted at rest when a certificate is configured.
/// </summary>
public sealed class KeysInTheRecordsTests : VerificationTestBase
{
    [Fact]
    public async Task KeptPassword_IsProtectedWithKeysKeptInTheRecords_NotInAFolder()
    {
        var deployment = await CreateActiveAsync(Spec());

        Assert.False(Directory.Exists(Path.Combine(DataDirectory, "keys")), "no key folder beside the records");
        var keys = await StoredKeysAsync(Host.Services);
        var key = Assert.Single(keys, k => k.Ring == KeyStorage.VerificationRing);
        Assert.StartsWith("key-", key.FriendlyName, StringComparison.Ordinal);
        Assert.StartsWith("<key ", key.Xml, StringComparison.Ordinal);
        Assert.Contains("<masterKey", key.Xml, StringComparison.Ordinal);
        Assert.Equal(VerificationOutcome.Pass, deployment.LatestVerification!.Outcome);
    }

    internal static async Task<List<StoredKey>> StoredKeysAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContextAsync();
        return await db.StoredKeys.AsNoTracking().ToListAsync();
    }
}

public sealed class KeysEncryptedAtRestTests : VerificationTestBase
{
    private const string CertificatePassword = "pfx-password-for-tests";

    public KeysEncryptedAtRestTests()
    {
        var path = Path.Combine(DataDirectory, "keys-certificate.pfx");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=SecureApi key encryption (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        Settings["DataProtection:CertificatePath"] = path;
        Settings["DataProtection:CertificatePassword"] = CertificatePassword;
    }

    [Fact]
    public async Task WithACertificate_TheStoredKeyIsEncrypted_AndStillReadAfterARestart()
    {
        var deployment = await CreateActiveAsync(Spec());
        var username = deployment.Resources.Single(r => r.Kind == ResourceKind.TestUser).AwsId;
        var before = UsersOf(deployment.UserPoolId!)[username];

        var key = Assert.Single(await KeysInTheRecordsTests.StoredKeysAsync(Host.Services), k => k.Ring == KeyStorage.VerificationRing);
        Assert.Contains("EncryptedData", key.Xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key.Xml, StringComparison.Ordinal);

        await RestartAsync();
        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());

        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        // The kept password was decrypted, not reset: the key was read back through the certificate.
        Assert.Equal(before, UsersOf(deployment.UserPoolId!)[username]);
    }
}
