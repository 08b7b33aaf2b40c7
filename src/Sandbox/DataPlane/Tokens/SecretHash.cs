using System.Security.Cryptography;
using System.Text;

namespace SecureApi.Sandbox.DataPlane.Tokens;

/// <summary>Cognito's SECRET_HASH: Base64(HMAC-SHA256(key: client secret, message: username + client id)).</summary>
public static class SecretHash
{
    public static string Compute(string username, string clientId, string clientSecret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(username + clientId)));

    public static bool Matches(string? presented, string username, string clientId, string clientSecret) =>
        presented is not null && FixedTimeEquals(presented, Compute(username, clientId, clientSecret));

    /// <summary>Compares secrets without leaking through timing how much of them matched.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
