using System.Collections.Concurrent;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Security;

/// <summary>
/// Puts sign-in attempts refused by the rate limit (429) on the audit trail — once per address per minute, so a
/// guesser hammering the link cannot flood the append-only trail with one row per refused request.
/// </summary>
internal sealed class SignInThrottleAudit(IAuditLog audit, TimeProvider clock)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRecorded = new(StringComparer.Ordinal);

    public async ValueTask RecordAsync(HttpContext context, int attemptsPerMinute, CancellationToken cancellationToken)
    {
        var remote = CallerClaims.RemoteAddressOf(context);
        var key = remote ?? "unknown";
        var now = clock.GetUtcNow();
        // Whoever moves the address's stamp records the refusal; a concurrent refusal that loses the race does not.
        var seen = _lastRecorded.TryGetValue(key, out var last);
        if (seen && now - last < Quiet)
        {
            return;
        }

        if (!(seen ? _lastRecorded.TryUpdate(key, now, last) : _lastRecorded.TryAdd(key, now)))
        {
            return;
        }

        Forget(now);
        await audit.RecordAsync(new AuditRecord(CallerClaims.Anonymous(remote), AuditActions.SignIn, AuditOutcome.Denied,
            Detail: $"Too many sign-in attempts: more than {attemptsPerMinute} in a minute from this address; further attempts refused for a minute."),
            cancellationToken);
    }

    // Addresses quiet for longer than the window need no memory; keeps the map small under a spread-out guesser.
    private void Forget(DateTimeOffset now)
    {
        if (_lastRecorded.Count < 1024)
        {
            return;
        }

        foreach (var (address, at) in _lastRecorded)
        {
            if (now - at >= Quiet)
            {
                _lastRecorded.TryRemove(new KeyValuePair<string, DateTimeOffset>(address, at));
            }
        }
    }
}
