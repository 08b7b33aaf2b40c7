using System.Security.Cryptography;

namespace SecureApi.Sandbox.Wire;

/// <summary>Random identifiers shaped like AWS's.</summary>
internal static class AwsIds
{
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string MixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>User pool id, e.g. <c>us-east-1_AbC123xyZ</c>.</summary>
    public static string UserPoolId(string region) => region + "_" + RandomNumberGenerator.GetString(MixedAlnum, 9);

    /// <summary>App client id: 26 lowercase letters and digits.</summary>
    public static string ClientId() => RandomNumberGenerator.GetString(LowerAlnum, 26);

    /// <summary>App client secret: 51 lowercase letters and digits.</summary>
    public static string ClientSecret() => RandomNumberGenerator.GetString(LowerAlnum, 51);

    /// <summary>HTTP API id: 10 lowercase letters and digits.</summary>
    public static string ApiId() => RandomNumberGenerator.GetString(LowerAlnum, 10);

    /// <summary>Route, authorizer and integration ids: 7 lowercase letters and digits.</summary>
    public static string ChildId() => RandomNumberGenerator.GetString(LowerAlnum, 7);

    /// <summary>Draws ids until one is not taken (collisions are astronomically rare, but cheap to rule out).</summary>
    public static string Unique(Func<string> next, Func<string, bool> taken)
    {
        var id = next();
        while (taken(id))
        {
            id = next();
        }

        return id;
    }
}
