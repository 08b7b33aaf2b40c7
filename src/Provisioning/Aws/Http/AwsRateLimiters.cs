using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SecureApi.Provisioning.Aws.Http;

/// <summary>
/// One token bucket per account + region + service for the whole process, so that any number of deployments running
/// at once stay together under AWS's control-plane quotas. A singleton; the buckets live as long as the host.
/// </summary>
internal sealed class AwsRateLimiters(IOptions<AwsClientOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RateLimiter>> _limiters = new(StringComparer.Ordinal);

    /// <summary>The bucket for this key, or null when client-side limiting is off.</summary>
    public RateLimiter? For(AwsServiceInfo service, string region)
    {
        var settings = options.Value.RateLimits;
        if (!settings.Enabled)
        {
            return null;
        }

        var limit = service == AwsServiceInfo.Cognito ? settings.Cognito : settings.ApiGateway;
        return _limiters.GetOrAdd(Key(options.Value, service, region), _ => new Lazy<RateLimiter>(() => Create(limit))).Value;
    }

    /// <summary>Requests currently waiting for a token on this key (0 when none or when limiting is off).</summary>
    public long QueuedCount(AwsServiceInfo service, string region) =>
        _limiters.TryGetValue(Key(options.Value, service, region), out var limiter)
            ? limiter.Value.GetStatistics()?.CurrentQueuedCount ?? 0
            : 0;

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values.Where(limiter => limiter.IsValueCreated))
        {
            limiter.Value.Dispose();
        }
    }

    // All clients of one host share one credential source, i.e. one account; the profile name tells accounts apart
    // should a host ever be configured with several.
    private static string Key(AwsClientOptions options, AwsServiceInfo service, string region) =>
        $"{options.Profile ?? "default"}|{region}|{service.SigningName}";

    private static TokenBucketRateLimiter Create(AwsServiceRateLimit limit) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, limit.Burst),
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / Math.Max(limit.RequestsPerSecond, 1e-6)),
        AutoReplenishment = true,
        // Callers wait their turn, in order; nobody is turned away.
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });
}
