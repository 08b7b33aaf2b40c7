using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments.Execution;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Deletion;

/// <summary>
/// Runs a <see cref="DeletionPlan"/>: every action whose predecessors are done runs at once. Idempotent: a resource
/// that is already gone counts as deleted (journal state Skipped), so a resumed or repeated delete is safe.
/// </summary>
internal static class DeletionExecutor
{
    public static async Task<StepFailure?> RunAsync(
        DeletionPlan plan, IAwsClients aws, string region, JournalWriter journal, IProgressReporter reporter, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var tasks = new Dictionary<DeleteAction, Task>();
        StepFailure? failure = null;

        async Task RunActionAsync(DeleteAction action, Task[] predecessors)
        {
            await Task.WhenAll(predecessors);
            cancellationToken.ThrowIfCancellationRequested();
            var entry = await journal.BeginAsync(action.Key, action.Operation);
            reporter.Report(action.Key, StepState.Intent);
            var call = StepCallTracker.Begin();
            var state = StepState.Succeeded;
            try
            {
                await action.SendAsync(aws, region, cancellationToken);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                state = StepState.Skipped;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var message = FailureText.Describe(action.Title, ex);
                Interlocked.CompareExchange(ref failure, new StepFailure(action.Key, message, ex), null);
                _ = journal.CompleteAsync(entry, StepState.Failed, action.Target.AwsId, FailureText.RequestIdOf(ex) ?? call.RequestId, message);
                reporter.Report(action.Key, StepState.Failed);
                throw;
            }

            var deletedAt = clock.GetUtcNow();
            _ = journal.CompleteAsync(entry, state, action.Target.AwsId, call.RequestId, state == StepState.Skipped ? "Already gone." : null, db =>
            {
                foreach (var resource in action.Covers)
                {
                    db.Resources.Attach(resource);
                    resource.DeletedAt = deletedAt;
                }
            });
            reporter.Report(action.Key, state);
        }

        foreach (var action in Order(plan.Actions))
        {
            tasks[action] = RunActionAsync(action, [.. action.After.Select(a => tasks[a])]);
        }

        try
        {
            await Task.WhenAll(tasks.Values);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure ??= new StepFailure("journal", $"Recording progress failed: {ex.Message}", ex);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await journal.FlushAsync();
        return failure;
    }

    // Predecessors before the actions that wait for them.
    private static IEnumerable<DeleteAction> Order(IReadOnlyList<DeleteAction> actions) =>
        actions.OrderBy(a => a.After.Count);
}
