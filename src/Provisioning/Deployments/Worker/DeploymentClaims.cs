using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Worker;

/// <summary>
/// Claims on deployment rows, so that several instances of the portal can share one database and still work on each
/// deployment once. A claim is one conditional UPDATE (the database decides the race, not a read followed by a write):
/// it succeeds when the row is in an expected state and nobody holds it, or the holder's lease has lapsed, or the holder
/// is this instance. Inside the process a deployment is held by one piece of work at a time, since the database cannot
/// tell two holders with the same instance id apart.
/// </summary>
internal sealed class DeploymentClaims(
    IDbContextFactory<RecordsDbContext> dbFactory,
    IOptions<ProvisioningOptions> options,
    TimeProvider clock,
    ILogger<DeploymentClaims> logger)
{
    // The names of the workers alive in this process, so that one never mistakes another for a predecessor.
    private static readonly ConcurrentDictionary<string, byte> LiveInThisProcess = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, byte> _held = new();

    /// <summary>The name this process writes in <see cref="Deployment.ClaimedBy"/>.</summary>
    public string InstanceId { get; } = string.IsNullOrWhiteSpace(options.Value.InstanceId)
        ? $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"
        : options.Value.InstanceId.Trim();

    /// <summary>
    /// Ends, at once, the unexpired claims of earlier processes of this machine that are certainly gone: default-named
    /// holders (<c>{machine}-{pid}-{suffix}</c>) on this machine whose process no longer runs, or whose process id is
    /// this very process's (a restarted container is process 1 again). So <c>dotnet run</c> stopped mid-create and run
    /// again resumes at once rather than after the lease. A live process, here or elsewhere, is never touched.
    /// </summary>
    public async Task<int> ExpireDeadLocalClaimsAsync(CancellationToken cancellationToken)
    {
        LiveInThisProcess.TryAdd(InstanceId, 0);
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var holders = await db.Deployments.Where(d => d.ClaimedBy != null && d.ClaimedUntil >= now)
            .Select(d => d.ClaimedBy!).Distinct().ToListAsync(cancellationToken);
        var dead = holders.Where(h => h != InstanceId && IsDeadLocalHolder(h)).ToList();
        if (dead.Count == 0)
        {
            return 0;
        }

        var expired = await db.Deployments.Where(d => d.ClaimedBy != null && dead.Contains(d.ClaimedBy))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, now), cancellationToken);
        logger.LogInformation("Took back {Count} deployment(s) left by an earlier process of this machine that is no longer running", expired);
        return expired;
    }

    internal static bool IsDeadLocalHolder(string holder)
    {
        var prefix = Environment.MachineName + "-";
        if (!holder.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = holder[prefix.Length..].Split('-');
        if (rest.Length != 2 || !int.TryParse(rest[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            || rest[1].Length != 8 || !rest[1].All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            // This process: dead unless a worker of this process (another host in it, as in tests) still uses the name.
            return !LiveInThisProcess.ContainsKey(holder);
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    public TimeSpan LeaseDuration => options.Value.LeaseDuration;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Claims the deployment when it is in one of <paramref name="states"/> and free (unclaimed, lapsed, or ours).
    /// Null when another instance, or other work in this process, holds it, or it is no longer in those states.
    /// The returned lease renews itself until disposed.
    /// </summary>
    public async Task<DeploymentLease?> TryClaimAsync(Guid id, IReadOnlyCollection<DeploymentState> states, CancellationToken cancellationToken)
    {
        if (!_held.TryAdd(id, 0))
        {
            return null;
        }

        try
        {
            var now = Now;
            var until = now + LeaseDuration;
            var me = InstanceId;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var claimed = await db.Deployments
                .Where(d => d.Id == id && states.Contains(d.State) && (d.ClaimedBy == null || d.ClaimedUntil < now || d.ClaimedBy == me))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedBy, me).SetProperty(d => d.ClaimedUntil, until), cancellationToken);
            if (claimed == 1)
            {
                return new DeploymentLease(this, id, clock, logger);
            }
        }
        catch
        {
            _held.TryRemove(id, out _);
            throw;
        }

        _held.TryRemove(id, out _);
        return null;
    }

    /// <summary>Extends our claim. False when the row is no longer ours: another instance took it over.</summary>
    internal async Task<bool> RenewAsync(Guid id, CancellationToken cancellationToken)
    {
        var until = Now + LeaseDuration;
        var me = InstanceId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Ours even when lapsed: a late renewal is fine as long as nobody else has claimed the row in the meantime.
        var renewed = await db.Deployments.Where(d => d.Id == id && d.ClaimedBy == me)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, until), cancellationToken);
        return renewed == 1;
    }

    /// <summary>Clears our claim so that the row is free at once; a claim taken over by someone else is left alone.</summary>
    internal async Task ReleaseAsync(Guid id, CancellationToken cancellationToken)
    {
        var me = InstanceId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Deployments.Where(d => d.Id == id && d.ClaimedBy == me)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedBy, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
    }

    internal void Forget(Guid id) => _held.TryRemove(id, out _);

    /// <summary>The worker has stopped: its name no longer counts as alive in this process.</summary>
    public void Retire() => LiveInThisProcess.TryRemove(InstanceId, out _);
}
