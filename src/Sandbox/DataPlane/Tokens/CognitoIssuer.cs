using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SecureApi.Sandbox.DataPlane.Tokens;

/// <summary>The issuer URL of a Cognito user pool, in the real AWS form (the Sandbox never invents its own form).</summary>
public static partial class CognitoIssuer
{
    public static string For(string region, string poolId) => $"https://cognito-idp.{region}.amazonaws.com/{poolId}";

    /// <summary>Splits a Cognito-form issuer into region and pool id; false for any other issuer.</summary>
    public static bool TryParse(string? issuer, [NotNullWhen(true)] out string? region, [NotNullWhen(true)] out string? poolId)
    {
        region = null;
        poolId = null;
        if (issuer is null)
        {
            return false;
        }

        var match = IssuerPattern().Match(issuer);
        if (!match.Success)
        {
            return false;
        }

        region = match.Groups["region"].Value;
        poolId = match.Groups["pool"].Value;
        return true;
    }

    [GeneratedRegex(@"^https://cognito-idp\.(?<region>[a-z0-9-]+)\.amazonaws\.com/(?<pool>[\w-]+_[0-9a-zA-Z]+)$")]
    private static partial Regex IssuerPattern();
}
