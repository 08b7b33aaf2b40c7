using SecureApi.Provisioning.Deployments.Planning;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Execution;

/// <summary>The first step that failed, and the plain-language cause.</summary>
public sealed record StepFailure(string Step, string Message, Exception Exception);

/// <summary>What a plan run produced: the outputs of the steps that finished, and the failure if one stopped it.</summary>
public sealed record ExecutionOutcome(StepResults Results, StepFailure? Failure);

/// <summary>
/// Runs a plan: every step whose dependencies are done starts at once (for 50 routes, 50 calls in flight; the
/// clients' rate limiter keeps the account under its quota). Before each call its intent is durable in the journal;
/// after it, the outcome and the resource are queued to the same journal. After a failure no new step starts, but the
/// calls already in flight finish and are recorded, so the rollback knows everything that was made.
/// </summary>
internal static class PlanExecutor
{
    public static async Task<ExecutionOutcome> RunAsync(
        ProvisionPlan plan, StepContext context, JournalWriter journal, IProgressReporter reporter, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var results = new StepResults();
        var tasks = new Dictionary<PlanStep, Task>();
        StepFailure? failure = null;

        async Task RunStepAsync(PlanStep step, Task[] dependencies)
        {
            await Task.WhenAll(dependencies);
            if (Volatile.Read(ref failure) is not null || cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("A previous step failed; this step is not started.");
            }

            var entry = await journal.BeginAsync(step.Key, step.Operation);
            reporter.Report(step.Key, StepState.Intent);
            var call = StepCallTracker.Begin();
            MadeResource? made;
            try
            {
                made = await step.RunAsync(context, results, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutdown or crash: the outcome is unknown, so the intent stays open for recovery to look up.
                throw;
            }
            catch (Exception ex)
            {
                var message = FailureText.Describe(step.Title, ex);
                Interlocked.CompareExchange(ref failure, new StepFailure(step.Key, message, ex), null);
                _ = journal.CompleteAsync(entry, StepState.Failed, null, FailureText.RequestIdOf(ex) ?? call.RequestId, message);
                reporter.Report(step.Key, StepState.Failed);
                throw;
            }

            // Not awaited: the next steps' intents are queued behind this outcome, so they make it durable together.
            _ = journal.CompleteAsync(entry, StepState.Succeeded, made?.AwsId, call.RequestId, null,
                made is null ? null : db => db.Resources.Add(ToRecord(context.DeploymentId, made, clock)));
            reporter.Report(step.Key, StepState.Succeeded);
        }

        foreach (var step in plan.Steps)
        {
            tasks[step] = RunStepAsync(step, [.. step.DependsOn.Select(d => tasks[d])]);
        }

        try
        {
            await Task.WhenAll(tasks.Values);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A step failure is already recorded above; anything else (the journal itself failing) stops the run too.
            failure ??= new StepFailure("journal", $"Recording progress failed: {ex.Message}", ex);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await journal.FlushAsync();
        return new ExecutionOutcome(results, failure);
    }

    internal static DeploymentResource ToRecord(Guid deploymentId, MadeResource made, TimeProvider clock) => new()
    {
        DeploymentId = deploymentId,
        Kind = made.Kind,
        AwsId = made.AwsId,
        Arn = made.Arn,
        ParentId = made.ParentId,
        Name = made.Name,
        CreatedByUs = made.CreatedByUs,
        CreatedAt = clock.GetUtcNow(),
    };
}
