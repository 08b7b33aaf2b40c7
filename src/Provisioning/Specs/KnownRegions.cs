using System.Collections.Frozen;
using Amazon;

namespace SecureApi.Provisioning.Specs;

/// <summary>The AWS regions SecureApi accepts, taken from the SDK's own region table (AWSSDK.Core).</summary>
public static class KnownRegions
{
    private static readonly FrozenSet<string> _names = RegionEndpoint.EnumerableAllRegions
        .Select(r => r.SystemName)
        // "us-east-1-regional" is an S3 endpoint alias, not a region a person could deploy to.
        .Where(name => !name.EndsWith("-regional", StringComparison.Ordinal))
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>All known region codes, sorted (for pickers).</summary>
    public static IReadOnlyList<string> All { get; } = [.. _names.Order(StringComparer.Ordinal)];

    /// <summary>True when <paramref name="region"/> is exactly a known region code such as <c>us-east-1</c>.</summary>
    public static bool IsKnown(string? region) => region is not null && _names.Contains(region);
}
