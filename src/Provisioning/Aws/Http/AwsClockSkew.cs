using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SecureApi.Provisioning.Aws.Http;

/// <summary>
/// The local clock's offset from each AWS endpoint's clock, learnt from the <c>Date</c> header of a response that
/// refused a signature for its time (the SDK's <c>CorrectClockSkew</c>). Requests are signed at <c>now + skew</c> of
/// their endpoint; an endpoint never heard from is signed at the local time.
/// </summary>
internal sealed class AwsClockSkew(IOptions<AwsClientOptions> options)
{
    /// <summary>
    /// A server time further than this from the time we signed with means our clock is off. AWS allows 5 minutes; a
    /// smaller offset is left alone (it cannot be why a signature was refused, and the Date header is only to the second).
    /// </summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMinutes(4);

    private readonly ConcurrentDictionary<string, TimeSpan> _skews = new(StringComparer.OrdinalIgnoreCase);

    private TimeProvider Clock => options.Value.SigningClock ?? TimeProvider.System;

    /// <summary>The time to sign a request to <paramref name="endpoint"/> with: the local clock corrected by what that endpoint taught us.</summary>
    public DateTimeOffset SigningTime(Uri endpoint) => Clock.GetUtcNow() + Skew(endpoint);

    /// <summary>The offset in use for the endpoint (zero until a correction).</summary>
    public TimeSpan Skew(Uri endpoint) => _skews.TryGetValue(Key(endpoint), out var skew) ? skew : TimeSpan.Zero;

    /// <summary>
    /// Learns the endpoint's time from a response's <c>Date</c>. True when the time we would sign with now is more than
    /// <see cref="Threshold"/> from it, i.e. the skew changed and a request signed again would carry another time.
    /// </summary>
    public bool TryCorrect(Uri endpoint, DateTimeOffset serverTime)
    {
        var now = Clock.GetUtcNow();
        var key = Key(endpoint);
        var current = _skews.TryGetValue(key, out var skew) ? skew : TimeSpan.Zero;
        if ((serverTime - (now + current)).Duration() <= Threshold)
        {
            return false;
        }

        _skews[key] = serverTime - now;
        return true;
    }

    // One skew per endpoint (scheme, host, port), as the SDK keeps it: two endpoints may well run on different clocks.
    private static string Key(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);
}
