using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Worker;

/// <summary>
/// The background worker: creates, deletes and drift checks run here, never in a request or a browser circuit.
/// It takes Pending (create) and Deleting (delete) rows from the database, many at once up to
/// <see cref="ProvisioningOptions.MaxConcurrentDeployments"/>, recovers deployments left in Provisioning, RollingBack or
/// Deleting by a process that stopped or died, and checks Active deployments for drift periodically.
/// Several instances (portal processes) may share one database: before working on a deployment the worker claims it
/// with one conditional UPDATE (<see cref="DeploymentClaims"/>) and renews the claim while it works, so each deployment
/// is worked on by one instance at a time. Interrupted work is recovered on every poll by whichever instance claims it
/// first, but only once the claim of the instance that left it has lapsed (<see cref="ProvisioningOptions.LeaseDuration"/>)
/// — or at once by the same instance restarted with the same <see cref="ProvisioningOptions.InstanceId"/>; a live
/// instance's work is never touched. A stop leaves its claims in place, as a crash would.
/// </summary>
internal sealed class DeploymentWorker(
    IDbContextFactory<RecordsDbContext> dbFactory,
    DeploymentRunner runner,
    DeploymentClaims claims,
    WorkQueue queue,
    IOptions<ProvisioningOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<DeploymentWorker> logger) : BackgroundService
{
    private static readonly DeploymentState[] _pending = [DeploymentState.Pending];
    private static readonly DeploymentState[] _deleting = [DeploymentState.Deleting];
    private static readonly DeploymentState[] _interrupted = [DeploymentState.Provisioning, DeploymentState.RollingBack, DeploymentState.Deleting];
    private static readonly DeploymentState[] _checkable = [DeploymentState.Active, DeploymentState.Drifted];
    private static readonly TimeSpan DriftClaimRetry = TimeSpan.FromMilliseconds(100);
    private readonly Dictionary<Guid, Task> _running = [];
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDeployments);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // The application stopping (not only this service) ends the work at once, as a crash would.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;

        logger.LogInformation("Deployment worker {InstanceId} started; its claims last {LeaseDuration}", claims.InstanceId, claims.LeaseDuration);
        try
        {
            await claims.ExpireDeadLocalClaimsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not look for claims left by earlier processes of this machine; they lapse with their lease");
        }

        var driftLoop = options.Value.DriftCheckEnabled ? PeriodicDriftChecksAsync(cancellationToken) : Task.CompletedTask;
        var firstPass = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                StartDriftRequests(cancellationToken);
                await StartQueuedAsync(firstPass, cancellationToken);
                firstPass = false;
                await queue.WaitAsync(options.Value.QueuePollInterval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The deployment worker could not read its queue; trying again");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, CancellationToken.None);
            }
        }

        Task[] running;
        lock (_running)
        {
            running = [.. _running.Values];
        }

        await Task.WhenAll([.. running, driftLoop]).ContinueWith(_ => { }, TaskScheduler.Default);
        claims.Retire();
    }

    /// <summary>
    /// Starts what is free to take: Pending rows (create), Deleting rows (delete), and rows left in Provisioning,
    /// RollingBack or Deleting by an instance whose claim has lapsed, or by an older version that wrote no claim
    /// (recovery). Each is claimed for real before the work begins; this read only picks candidates.
    /// </summary>
    private async Task StartQueuedAsync(bool firstPass, CancellationToken cancellationToken)
    {
        var now = claims.Now;
        var me = claims.InstanceId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var queued = await db.Deployments
            .Where(d => d.State == DeploymentState.Pending || d.State == DeploymentState.Deleting
                || d.State == DeploymentState.Provisioning || d.State == DeploymentState.RollingBack)
            .Where(d => d.ClaimedBy == null || d.ClaimedUntil < now || d.ClaimedBy == me)
            .Select(d => new { d.Id, d.State, d.CreatedAt, Unclaimed = d.ClaimedBy == null }).ToListAsync(cancellationToken);
        foreach (var item in queued.OrderBy(q => q.CreatedAt))
        {
            var id = item.Id;
            switch (item.State)
            {
                case DeploymentState.Pending:
                    TryStart(id, _pending, ct => runner.CreateAsync(id, ct), cancellationToken);
                    break;
                // A delete nobody has started: after the first pass an unclaimed Deleting row is a fresh request. At the
                // first pass it may be one an older version left half done, so it is recovered (journal settled first).
                case DeploymentState.Deleting when item.Unclaimed && !firstPass:
                    TryStart(id, _deleting, ct => runner.DeleteAsync(id, ct), cancellationToken);
                    break;
                default:
                    TryStart(id, _interrupted, ct => runner.RecoverAsync(id, ct), cancellationToken);
                    break;
            }
        }
    }

    private void StartDriftRequests(CancellationToken cancellationToken)
    {
        while (queue.TryTakeDriftRequest(out var request))
        {
            _ = Task.Run(async () =>
            {
                await _slots.WaitAsync(cancellationToken);
                try
                {
                    request.Done.TrySetResult(await CheckDriftClaimedAsync(request.DeploymentId, request.Patience, cancellationToken));
                }
                catch (Exception ex)
                {
                    request.Done.TrySetException(ex);
                }
                finally
                {
                    _slots.Release();
                }
            }, CancellationToken.None);
        }
    }

    private async Task PeriodicDriftChecksAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.DriftCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var ids = await db.Deployments
                    .Where(d => d.State == DeploymentState.Active || d.State == DeploymentState.Drifted)
                    .Select(d => d.Id).ToListAsync(cancellationToken);
                foreach (var id in ids)
                {
                    try
                    {
                        await queue.RequestDriftCheckAsync(id, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogWarning(ex, "Drift check of deployment {DeploymentId} failed", id);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    // A deployment being changed or checked by another instance (or by other work here) is not checked twice at once:
    // an on-demand check waits up to its patience for that work to let go (a create that has just written Active still
    // holds its claim for a moment), a periodic one leaves it to that work; then the caller reads the row as it is.
    private async Task<IReadOnlyList<string>> CheckDriftClaimedAsync(Guid id, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = claims.Now + patience;
        var lease = await claims.TryClaimAsync(id, _checkable, cancellationToken);
        while (lease is null && claims.Now < deadline)
        {
            await Task.Delay(DriftClaimRetry, clock, cancellationToken);
            lease = await claims.TryClaimAsync(id, _checkable, cancellationToken);
        }

        if (lease is null)
        {
            return [];
        }

        await using var held = lease;

        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        try
        {
            return await runner.CheckDriftAsync(id, work.Token);
        }
        finally
        {
            await ReleaseAsync(held, cancellationToken);
            // A delete asked for during the check waited for this claim; take it up now rather than at the next poll.
            queue.Wake();
        }
    }

    private void TryStart(Guid id, IReadOnlyCollection<DeploymentState> states, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        lock (_running)
        {
            if (_running.ContainsKey(id))
            {
                return;
            }

            _running[id] = RunAsync(id, states, work, cancellationToken);
        }
    }

    private async Task RunAsync(Guid id, IReadOnlyCollection<DeploymentState> states, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                await RunClaimedAsync(id, states, work, cancellationToken);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Work on deployment {DeploymentId} stopped by shutdown; it resumes once its claim lapses, " +
                "or at once when this instance restarts with the same instance id", id);
        }
        catch (Exception ex)
        {
            // The claim could not be written (the database away), or the work failed as the process was stopping.
            logger.LogError(ex, "Work on deployment {DeploymentId} stopped unexpectedly; a later poll looks at it again", id);
        }
        finally
        {
            lock (_running)
            {
                _running.Remove(id);
            }

            queue.Wake();
        }
    }

    /// <summary>Claims the deployment (skips it when another instance has it), works while the claim holds, releases it.</summary>
    private async Task RunClaimedAsync(Guid id, IReadOnlyCollection<DeploymentState> states, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await using var lease = await claims.TryClaimAsync(id, states, cancellationToken);
        if (lease is null)
        {
            return;
        }

        using var claimed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        try
        {
            await work(claimed.Token);
        }
        catch (Exception) when (lease.IsLost && !cancellationToken.IsCancellationRequested)
        {
            // The instance that took the claim over recovers the deployment; writing Failed here would undo its work.
            logger.LogWarning("Work on deployment {DeploymentId} stopped: another instance took it over", id);
            return;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Work on deployment {DeploymentId} failed unexpectedly", id);
            await runner.MarkBrokenAsync(id, cancellationToken);
        }

        await ReleaseAsync(lease, cancellationToken);
    }

    // After a shutdown the claim stays, as after a crash; otherwise the row is freed at once for the next step.
    private async Task ReleaseAsync(DeploymentLease lease, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await lease.ReleaseAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not release the claim on deployment {DeploymentId}; it lapses by itself", lease.DeploymentId);
        }
    }
}
