namespace SecureApi.Provisioning.Specs;

/// <summary>
/// The one place that knows how a Cognito user pool names itself in its tokens. The JWT authorizer's issuer is
/// computed from this, never typed, because a one-character mistake makes every token fail with 401.
/// </summary>
public static class CognitoIssuer
{
    /// <summary><c>https://cognito-idp.{region}.amazonaws.com/{poolId}</c>.</summary>
    public static string For(string region, string poolId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(poolId);
        return $"https://cognito-idp.{region}.amazonaws.com/{poolId}";
    }

    /// <summary>
    /// The region a pool id belongs to: the part before the last underscore (<c>us-east-1_AbC123xyZ</c> →
    /// <c>us-east-1</c>), or null when the id has no such prefix.
    /// </summary>
    public static string? RegionOfPool(string? poolId)
    {
        var underscore = poolId?.LastIndexOf('_') ?? -1;
        return underscore > 0 ? poolId![..underscore] : null;
    }
}
