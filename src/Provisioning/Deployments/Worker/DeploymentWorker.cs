using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Worker;

/// <summary>
/// The background worker: creates, deletes and drift checks run here, never in a request or a browser circuit.
/// At start it recovers deployments a previous process left in Provisioning, RollingBack or Deleting; then it takes
/// Pending (create) and Deleting (delete) rows from the database, many at once up to
/// <see cref="ProvisioningOptions.MaxConcurrentDeployments"/>, and checks Active deployments for drift periodically.
/// One worker per database is assumed (several portal instances would need a claim with a lease).
/// </summary>
internal sealed class DeploymentWorker(
    IDbContextFactory<RecordsDbContext> dbFactory,
    DeploymentRunner runner,
    WorkQueue queue,
    IOptions<ProvisioningOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<DeploymentWorker> logger) : BackgroundService
{
    private readonly Dictionary<Guid, Task> _running = [];
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDeployments);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // The application stopping (not only this service) ends the work at once, as a crash would.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;

        await RecoverInterruptedAsync(cancellationToken);
        var driftLoop = options.Value.DriftCheckEnabled ? PeriodicDriftChecksAsync(cancellationToken) : Task.CompletedTask;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                StartDriftRequests(cancellationToken);
                await StartQueuedAsync(cancellationToken);
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
    }

    private async Task RecoverInterruptedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var interrupted = await db.Deployments
                .Where(d => d.State == DeploymentState.Provisioning || d.State == DeploymentState.RollingBack || d.State == DeploymentState.Deleting)
                .Select(d => d.Id).ToListAsync(cancellationToken);
            foreach (var id in interrupted)
            {
                TryStart(id, ct => runner.RecoverAsync(id, ct), cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not look for deployments interrupted by the last shutdown");
        }
    }

    private async Task StartQueuedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var queued = await db.Deployments
            .Where(d => d.State == DeploymentState.Pending || d.State == DeploymentState.Deleting)
            .Select(d => new { d.Id, d.State, d.CreatedAt }).ToListAsync(cancellationToken);
        foreach (var item in queued.OrderBy(q => q.CreatedAt))
        {
            var id = item.Id;
            TryStart(id, item.State == DeploymentState.Pending
                ? ct => runner.CreateAsync(id, ct)
                : ct => runner.DeleteAsync(id, ct), cancellationToken);
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
                    request.Done.TrySetResult(await runner.CheckDriftAsync(request.DeploymentId, cancellationToken));
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

    private void TryStart(Guid id, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        lock (_running)
        {
            if (_running.ContainsKey(id))
            {
                return;
            }

            _running[id] = RunAsync(id, work, cancellationToken);
        }
    }

    private async Task RunAsync(Guid id, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                await work(cancellationToken);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Work on deployment {DeploymentId} stopped by shutdown; it resumes at the next start", id);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Work on deployment {DeploymentId} failed unexpectedly", id);
            await runner.MarkBrokenAsync(id, cancellationToken);
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
}
