using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SecureApi.Provisioning.Verification;

/// <summary>
/// Protects the test users' passwords at rest with ASP.NET Core Data Protection (keys persisted in a folder, so a
/// restart can still read them). A value that cannot be read (keys lost or rotated away) is reported as such and the
/// caller resets the password instead of failing.
/// </summary>
internal sealed class TestUserSecrets(IDataProtector protector)
{
    /// <summary>The purpose string: a value protected for anything else cannot be read here, and the reverse.</summary>
    public const string Purpose = "SecureApi.Verification.TestUserPassword.v1";

    public string Protect(string password) => protector.Protect(password);

    public bool TryUnprotect(string protectedPassword, out string password)
    {
        try
        {
            password = protector.Unprotect(protectedPassword);
            return true;
        }
        catch (CryptographicException)
        {
            password = "";
            return false;
        }
    }
}
