using Microsoft.Extensions.Logging;

namespace SecureApi.Provisioning.Deployments.Worker;

/// <summary>
/// A claim this process holds on one deployment. It renews itself every third of the lease duration; when a renewal
/// finds the row claimed by another instance (ours lapsed and was taken over), <see cref="Lost"/> is cancelled so the
/// work stops. Disposing stops the renewals and nothing else: the claim stays in the row until <see cref="ReleaseAsync"/>
/// or until it lapses, which is what a stop or a crash leaves for the next instance.
/// </summary>
internal sealed class DeploymentLease : IAsyncDisposable
{
    private readonly DeploymentClaims _claims;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    internal DeploymentLease(DeploymentClaims claims, Guid deploymentId, TimeProvider clock, ILogger logger)
    {
        _claims = claims;
        _logger = logger;
        DeploymentId = deploymentId;
        _renewing = RenewAsync(clock);
    }

    public Guid DeploymentId { get; }

    /// <summary>Cancelled when another instance has taken the deployment over.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Clears the claim in the row (the work is finished) so any instance can take the next step at once.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await StopRenewingAsync();
        if (!IsLost)
        {
            await _claims.ReleaseAsync(DeploymentId, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync();
        _claims.Forget(DeploymentId);
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task StopRenewingAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _renewing;
    }

    private async Task RenewAsync(TimeProvider clock)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(_claims.LeaseDuration / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                bool stillOurs;
                try
                {
                    stillOurs = await _claims.RenewAsync(DeploymentId, _stop.Token);
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    // The database away for a moment: our writes fail too; the next tick tries again.
                    _logger.LogWarning(ex, "Could not renew the claim on deployment {DeploymentId}; trying again", DeploymentId);
                    continue;
                }

                if (!stillOurs)
                {
                    _logger.LogWarning("The claim on deployment {DeploymentId} was lost: its lease lapsed and another instance took it over. " +
                        "Work on it here stops; that instance finishes it", DeploymentId);
                    await _lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Released or disposed.
        }
    }
}
