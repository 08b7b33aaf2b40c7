using System.Collections.Concurrent;
using System.Threading.Channels;

namespace SecureApi.Provisioning.Deployments.Worker;

/// <summary>
/// Wakes the worker. The queue itself is the database (Pending and Deleting rows), so nothing is lost on restart;
/// this only saves the worker from waiting for its next poll. On-demand drift checks are handed over here too, so
/// that they also run in the worker rather than in a request.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentQueue<DriftRequest> _driftRequests = new();

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Asks the worker to check one deployment for drift; completes with the differences found. While other work holds
    /// the deployment (a create just finishing, a check by another instance), the worker waits for it up to
    /// <paramref name="patience"/> — a person's "Check now" — or, with none, leaves the check to that work (periodic).
    /// </summary>
    public Task<IReadOnlyList<string>> RequestDriftCheckAsync(Guid deploymentId, CancellationToken cancellationToken, TimeSpan patience = default)
    {
        var request = new DriftRequest(deploymentId, patience, new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously));
        _driftRequests.Enqueue(request);
        Wake();
        return request.Done.Task.WaitAsync(cancellationToken);
    }

    public bool TryTakeDriftRequest(out DriftRequest request) => _driftRequests.TryDequeue(out request!);

    /// <summary>Waits for a wake-up or the poll interval, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(pollInterval);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval elapsed.
        }
    }
}

internal sealed record DriftRequest(Guid DeploymentId, TimeSpan Patience, TaskCompletionSource<IReadOnlyList<string>> Done);
