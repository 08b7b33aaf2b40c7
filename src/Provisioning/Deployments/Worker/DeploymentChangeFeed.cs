using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Worker;

/// <summary>
/// Makes the work of other instances sharing the database visible live on this one. Every
/// <see cref="ProvisioningOptions.ChangeFeedInterval"/> it reads which deployment rows were written (their
/// <see cref="Deployment.UpdatedAt"/>, set on every state change) and which journal steps of deployments being worked on
/// elsewhere started or ended, and publishes a <see cref="DeploymentChanged"/> for each into this process's
/// <see cref="DeploymentEvents"/>, where the pages listen. Two narrow queries per interval: deployment rows by the
/// UpdatedAt index, and journal rows only of the few deployments in Provisioning, RollingBack or Deleting (by the state
/// index, then the journal's deployment index); neither reads a spec or a journal entry's error text.
/// What this instance does itself is left out: it publishes that in-process already, as it happens.
/// </summary>
/// <remarks>
/// The timestamps are written by each instance with its own clock and committed a little after they were taken, so
/// "changed since my last look" cannot be a plain comparison with this instance's clock. Each look reads back
/// <see cref="Overlap"/> before the older of the last look's start and the newest timestamp seen, and remembers what it
/// has published by (deployment, UpdatedAt) and (journal entry, step state): a row committed late, or stamped by a
/// clock somewhat behind this one, is still found, and a row found twice is published once. A deployment that did not
/// change is never published; each step change is announced once, oldest first.
/// </remarks>
internal sealed class DeploymentChangeFeed(
    IDbContextFactory<RecordsDbContext> dbFactory,
    DeploymentEvents events,
    DeploymentClaims claims,
    IOptions<ProvisioningOptions> options,
    IOptions<RecordsOptions> records,
    TimeProvider clock,
    ILogger<DeploymentChangeFeed> logger) : BackgroundService
{
    /// <summary>How far back each look reads beyond the last one: covers late commits and clock skew between instances.</summary>
    internal static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    private static readonly DeploymentState[] _working = [DeploymentState.Provisioning, DeploymentState.RollingBack, DeploymentState.Deleting];

    private readonly Dictionary<(Guid Id, long UpdatedAt), DateTimeOffset> _seenRows = [];
    private readonly Dictionary<(long EntryId, StepState State), DateTimeOffset> _seenSteps = [];
    // Row changes this process published itself (the store announces each write with its UpdatedAt), by microsecond.
    private readonly ConcurrentDictionary<(Guid Id, long UpdatedAt), DateTimeOffset> _publishedHere = new();
    private DateTimeOffset _lastLook;
    private DateTimeOffset _newestSeen;
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ChangeFeedIntervalFor(records.Value.Provider);
        if (interval <= TimeSpan.Zero)
        {
            logger.LogDebug("The deployment change feed is off: pages here follow only this instance's work live");
            return;
        }

        await Task.Yield();
        events.Publishing += RememberPublishedHere;
        try
        {
            _lastLook = _newestSeen = clock.GetUtcNow();
            logger.LogInformation("Deployment change feed of {InstanceId} reads the records every {Interval}", claims.InstanceId, interval);
            using var timer = new PeriodicTimer(interval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await LookOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            events.Publishing -= RememberPublishedHere;
        }
    }

    private async Task LookOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LookAsync(cancellationToken);
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("The deployment change feed reads the records again");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The watermark did not move, so the next successful look covers this one's window too. Logged once per outage.
            if (!_failing)
            {
                _failing = true;
                logger.LogWarning(ex, "The deployment change feed could not read the records; pages here miss other instances' progress until it can");
            }
        }
    }

    /// <summary>Reads what changed since the last look and publishes what is new, oldest first.</summary>
    internal async Task LookAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var since = Min(_lastLook, _newestSeen) - Overlap;
        var me = claims.InstanceId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Deployments.AsNoTracking()
            .Where(d => d.UpdatedAt >= since)
            .Select(d => new RowChange(d.Id, d.State, d.UpdatedAt, d.ClaimedBy))
            .ToListAsync(cancellationToken);
        // Steps of deployments being worked on by someone else; a finished deployment is announced by its row instead.
        var steps = await db.Journal.AsNoTracking()
            .Join(db.Deployments.Where(d => _working.Contains(d.State) && d.ClaimedBy != me),
                j => j.DeploymentId, d => d.Id,
                (j, d) => new { j.Id, j.DeploymentId, DeploymentState = d.State, j.Step, j.State, j.StartedAt, j.EndedAt })
            .Where(j => j.StartedAt >= since || j.EndedAt >= since)
            .ToListAsync(cancellationToken);

        var changes = new List<DeploymentChanged>();
        foreach (var row in rows)
        {
            _newestSeen = Max(_newestSeen, row.UpdatedAt);
            var micros = Micros(row.UpdatedAt);
            // Seen even when left out, so that the same write is not announced once this instance's claim is released.
            if (_seenRows.TryAdd((row.Id, micros), row.UpdatedAt) && row.ClaimedBy != me && !WasPublishedHere(row.Id, micros))
            {
                changes.Add(new DeploymentChanged(row.Id, row.State, null, null, row.UpdatedAt));
            }
        }

        // Every step change on its own, as the working instance announces them in-process: parallel steps end in any
        // order, so "the latest step" of a burst would hide the one a page is waiting for (a route started while a
        // stage ended). At most two per journal entry (started, ended).
        foreach (var step in steps)
        {
            var at = step.EndedAt ?? step.StartedAt;
            _newestSeen = Max(_newestSeen, at);
            if (_seenSteps.TryAdd((step.Id, step.State), at))
            {
                changes.Add(new DeploymentChanged(step.DeploymentId, step.DeploymentState, step.Step, step.State, at));
            }
        }

        foreach (var change in changes.OrderBy(c => c.At))
        {
            events.Publish(change);
        }

        _lastLook = started;
        Forget(Min(_lastLook, _newestSeen) - Overlap);
    }

    // Whatever is older than the next look's start is never read again, so it need not be remembered.
    private void Forget(DateTimeOffset before)
    {
        foreach (var (key, at) in _seenRows)
        {
            if (at < before)
            {
                _seenRows.Remove(key);
            }
        }

        foreach (var (key, at) in _seenSteps)
        {
            if (at < before)
            {
                _seenSteps.Remove(key);
            }
        }

        foreach (var (key, at) in _publishedHere)
        {
            if (at < before)
            {
                _publishedHere.TryRemove(key, out _);
            }
        }
    }

    private void RememberPublishedHere(DeploymentChanged change)
    {
        if (change.Step is null)
        {
            _publishedHere.TryAdd((change.DeploymentId, Micros(change.At)), change.At);
        }
    }

    // PostgreSQL keeps microseconds; whether the driver truncates or rounds the last tick digit, one of these matches.
    private bool WasPublishedHere(Guid id, long micros) =>
        _publishedHere.ContainsKey((id, micros)) || _publishedHere.ContainsKey((id, micros - 1));

    private static long Micros(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerMicrosecond;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record RowChange(Guid Id, DeploymentState State, DateTimeOffset UpdatedAt, string? ClaimedBy);
}
