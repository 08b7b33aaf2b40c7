using System.Security.Cryptography;

namespace SecureApi.Provisioning.Verification;

/// <summary>
/// A strong random password from <see cref="RandomNumberGenerator"/> that meets Cognito's default policy (at least
/// 8 characters with an upper-case letter, a lower-case letter, a digit and a symbol) with a wide margin.
/// </summary>
internal static class TestUserPassword
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    // From Cognito's accepted symbols, leaving out quotes and backslash so the value is never awkward in transit.
    private const string Symbols = "!#%*+-=?@^_~";

    public const int Length = 32;

    public static string New()
    {
        var chars = new char[Length];
        chars[0] = RandomNumberGenerator.GetString(Upper, 1)[0];
        chars[1] = RandomNumberGenerator.GetString(Lower, 1)[0];
        chars[2] = RandomNumberGenerator.GetString(Digits, 1)[0];
        chars[3] = RandomNumberGenerator.GetString(Symbols, 1)[0];
        RandomNumberGenerator.GetString(Upper + Lower + Digits + Symbols, Length - 4).CopyTo(chars.AsSpan(4));
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
