using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments.Deletion;
using SecureApi.Provisioning.Deployments.Drift;
using SecureApi.Provisioning.Deployments.Execution;
using SecureApi.Provisioning.Deployments.Planning;
using SecureApi.Provisioning.Deployments.Recovery;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Provisioning.Deployments.Worker;

/// <summary>
/// Does the work for one deployment at a time: create (then roll back or keep on failure), delete, recovery after a
/// crash, drift check. Called only by the worker. A cancelled token means shutdown (or a crash in tests): the runner
/// stops where it is and writes nothing more, leaving the row for <see cref="RecoverAsync"/> on the next start.
/// </summary>
internal sealed class DeploymentRunner(
    IDbContextFactory<RecordsDbContext> dbFactory,
    DeploymentStore store,
    IAwsClients aws,
    DeploymentEvents events,
    TimeProvider clock,
    IAuditLog audit,
    AfterCreateVerification verifyAfterCreate,
    ILogger<DeploymentRunner> logger)
{
    /// <summary>Claims a Pending deployment and provisions it.</summary>
    public async Task CreateAsync(Guid id, CancellationToken cancellationToken)
    {
        var claimed = await store.UpdateAsync(id, d =>
        {
            if (d.State != DeploymentState.Pending)
            {
                return false;
            }

            d.State = DeploymentState.Provisioning;
            d.StartedAt = store.Now;
            return true;
        }, cancellationToken);
        if (claimed is null)
        {
            return;
        }

        var spec = SpecJson.Deserialize(claimed.SpecJson);
        var built = PlanBuilder.Build(spec);
        var context = new StepContext(id, spec, aws.Cognito(spec.Region), aws.HttpApi(spec.Region));
        ExecutionOutcome outcome;
        await using (var journal = new JournalWriter(dbFactory, id, clock, cancellationToken))
        {
            outcome = await PlanExecutor.RunAsync(built.Plan, context, journal, Reporter(id, DeploymentState.Provisioning), clock, cancellationToken);
        }

        var results = outcome.Results;
        void FillOutputs(Deployment d)
        {
            if (results.TryOf(built.Pool, out var pool)) { d.UserPoolId = pool.PoolId; }
            if (results.TryOf(built.Api, out var api)) { d.InvokeUrl = api.InvokeUrl; }
            if (results.TryOf(built.Authorizer, out var authorizer)) { d.Issuer = authorizer.Issuer; d.Audience = authorizer.Audience; }
        }

        if (outcome.Failure is null)
        {
            await store.UpdateAsync(id, d =>
            {
                FillOutputs(d);
                d.State = DeploymentState.Active;
                d.CompletedAt = store.Now;
                d.Error = null;
                return true;
            }, cancellationToken);
            logger.LogInformation("Deployment {DeploymentId} is active at {InvokeUrl}", id, results.Of(built.Api).InvokeUrl);
            // Once, right after the create; it never changes the state written above.
            await verifyAfterCreate.RunAsync(id, cancellationToken);
            return;
        }

        logger.LogWarning(outcome.Failure.Exception, "Deployment {DeploymentId} failed at {Step}", id, outcome.Failure.Step);
        await RecordFailureAsync(AuditActions.Create, id, $"Failed at {outcome.Failure.Step}: {outcome.Failure.Message}", cancellationToken);
        if (spec.KeepOnFailure)
        {
            await store.UpdateAsync(id, d =>
            {
                FillOutputs(d);
                d.State = DeploymentState.Failed;
                d.CompletedAt = store.Now;
                d.Error = $"{outcome.Failure.Message} What was made is kept, as asked; delete the deployment to remove it.";
                return true;
            }, cancellationToken);
            return;
        }

        await store.UpdateAsync(id, d =>
        {
            FillOutputs(d);
            d.State = DeploymentState.RollingBack;
            d.Error = outcome.Failure.Message;
            return true;
        }, cancellationToken);
        await RollBackAsync(id, outcome.Failure.Message, cancellationToken);
    }

    /// <summary>Removes a deployment that is in <see cref="DeploymentState.Deleting"/>; the record stays, Deleted.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var deployment = await store.LoadAsync(id, cancellationToken);
        if (deployment is null || deployment.State != DeploymentState.Deleting)
        {
            return;
        }

        var failure = await RemoveResourcesAsync(deployment, DeploymentState.Deleting, cancellationToken);
        await store.UpdateAsync(id, d =>
        {
            d.State = failure is null ? DeploymentState.Deleted : DeploymentState.Failed;
            d.CompletedAt = store.Now;
            d.Error = failure is null ? null : $"The delete did not finish: {failure.Message} Delete again to retry.";
            return true;
        }, cancellationToken);
        if (failure is not null)
        {
            await RecordFailureAsync(AuditActions.Delete, id, $"The delete did not finish: {failure.Message}", cancellationToken);
        }
    }

    /// <summary>
    /// After a restart: a deployment left in Provisioning or RollingBack is reconciled with AWS (journal + tags) and
    /// rolled back; one left in Deleting is deleted again (deletes are idempotent). Rolling back rather than resuming
    /// is deliberate: app clients cannot be tagged, so a create interrupted right after CreateUserPoolClient cannot
    /// know for sure which client to continue with — removing everything is the outcome that never leaves an orphan
    /// or a duplicate, and Retry recreates the deployment from the same spec.
    /// </summary>
    public async Task RecoverAsync(Guid id, CancellationToken cancellationToken)
    {
        var deployment = await store.LoadAsync(id, cancellationToken);
        if (deployment is null)
        {
            return;
        }

        var interruptedStep = deployment.Journal.LastOrDefault(j => j.State == StepState.Intent)?.Step;
        var warnings = await ReconcileAsync(deployment, cancellationToken);
        switch (deployment.State)
        {
            case DeploymentState.Deleting:
                logger.LogInformation("Resuming the interrupted delete of deployment {DeploymentId}", id);
                await DeleteAsync(id, cancellationToken);
                break;
            case DeploymentState.Provisioning or DeploymentState.RollingBack:
                var cause = deployment.State == DeploymentState.RollingBack && deployment.Error is not null
                    ? deployment.Error
                    : $"SecureApi stopped while creating this deployment{(interruptedStep is null ? "" : $" (at {interruptedStep})")}; what it had made was removed. Retry to create it again.";
                cause = warnings.Count == 0 ? cause : $"{cause} {string.Join(" ", warnings)}";
                logger.LogInformation("Rolling back deployment {DeploymentId}, interrupted in {State}", id, deployment.State);
                await store.UpdateAsync(id, d =>
                {
                    d.State = DeploymentState.RollingBack;
                    d.Error = cause;
                    return true;
                }, cancellationToken);
                await RollBackAsync(id, cause, cancellationToken);
                break;
        }
    }

    /// <summary>Compares the deployment with AWS; Active ↔ Drifted. Returns the differences found.</summary>
    public async Task<IReadOnlyList<string>> CheckDriftAsync(Guid id, CancellationToken cancellationToken)
    {
        var deployment = await store.LoadAsync(id, cancellationToken);
        if (deployment is null || deployment.State is not (DeploymentState.Active or DeploymentState.Drifted))
        {
            return [];
        }

        var differences = await DriftChecker.CheckAsync(deployment, SpecJson.Deserialize(deployment.SpecJson), aws, cancellationToken);
        await store.UpdateAsync(id, d =>
        {
            if (d.State is not (DeploymentState.Active or DeploymentState.Drifted))
            {
                return false;
            }

            d.State = differences.Count == 0 ? DeploymentState.Active : DeploymentState.Drifted;
            d.DriftDetails = differences.Count == 0 ? null : string.Join("\n", differences);
            d.LastDriftCheckAt = store.Now;
            return true;
        }, cancellationToken);
        return differences;
    }

    /// <summary>After an unexpected error (a bug, the database away): stop in Failed rather than stay "in progress".</summary>
    public async Task MarkBrokenAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await store.UpdateAsync(id, d =>
            {
                if (d.State is not (DeploymentState.Provisioning or DeploymentState.RollingBack or DeploymentState.Deleting))
                {
                    return false;
                }

                d.State = DeploymentState.Failed;
                d.CompletedAt = store.Now;
                d.Error = "Something went wrong inside SecureApi while working on this deployment (see the server log). " +
                    "What was made is kept; delete the deployment to remove it.";
                return true;
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not record the failure of deployment {DeploymentId}", id);
        }
    }

    // The request was recorded with its requester; the outcome of background work is recorded by SecureApi itself.
    private async Task RecordFailureAsync(string action, Guid id, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await audit.RecordAsync(new AuditRecord(Caller.System, action, AuditOutcome.Failed, id, detail), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not record the failure of deployment {DeploymentId} in the audit trail", id);
        }
    }

    private async Task RollBackAsync(Guid id, string cause, CancellationToken cancellationToken)
    {
        var deployment = await store.LoadAsync(id, cancellationToken);
        if (deployment is null)
        {
            return;
        }

        var failure = await RemoveResourcesAsync(deployment, DeploymentState.RollingBack, cancellationToken);
        await store.UpdateAsync(id, d =>
        {
            d.State = failure is null ? DeploymentState.RolledBack : DeploymentState.Failed;
            d.CompletedAt = store.Now;
            d.Error = failure is null ? cause : $"{cause} Rolling back did not finish: {failure.Message} Delete the deployment to retry.";
            return true;
        }, cancellationToken);
    }

    private async Task<StepFailure?> RemoveResourcesAsync(Deployment deployment, DeploymentState state, CancellationToken cancellationToken)
    {
        var pools = deployment.Resources.Where(r => r.Kind == ResourceKind.UserPool && r.DeletedAt is null).Select(r => r.AwsId);
        var poolUsage = await store.PoolUsageAsync(deployment.Id, pools, cancellationToken);
        var plan = DeletionPlanner.Plan(deployment.Resources, poolUsage);
        await using var journal = new JournalWriter(dbFactory, deployment.Id, clock, cancellationToken);
        return await DeletionExecutor.RunAsync(plan, aws, deployment.Region, journal, Reporter(deployment.Id, state), clock, cancellationToken);
    }

    /// <summary>
    /// Settles every intent that has no outcome: a CreateApi / CreateUserPool whose result never reached the records is
    /// looked up by tag and recorded, so the rollback removes it. Returns warnings for what cannot be looked up.
    /// </summary>
    private async Task<List<string>> ReconcileAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var open = deployment.Journal.Where(j => j.State == StepState.Intent).ToList();
        var warnings = new List<string>();
        if (open.Count == 0)
        {
            return warnings;
        }

        var spec = SpecJson.Deserialize(deployment.SpecJson);
        var found = new List<MadeResource>();
        bool Recorded(ResourceKind kind) => deployment.Resources.Any(r => r.Kind == kind);
        if (open.Any(j => j.Operation == "CreateApi") && !Recorded(ResourceKind.Api))
        {
            found.AddRange(await TaggedResourceFinder.FindApisAsync(aws, deployment.Region, deployment.Id, cancellationToken));
        }

        if (open.Any(j => j.Operation == "CreateUserPool") && !Recorded(ResourceKind.UserPool))
        {
            found.AddRange(await TaggedResourceFinder.FindPoolsAsync(aws, deployment.Region, deployment.Id, spec.UserPool.Name, cancellationToken));
        }

        var clientInKeptPool = open.Any(j => j.Operation == "CreateUserPoolClient")
            && deployment.Resources.Any(r => r.Kind == ResourceKind.UserPool && !r.CreatedByUs);
        if (clientInKeptPool)
        {
            // Cognito app clients carry no tags and SecureApi has no call that lists a pool's clients.
            warnings.Add($"SecureApi stopped before Cognito answered the creation of the app client '{spec.AppClient?.Name}' in the existing pool " +
                $"{spec.UserPool.ExistingPoolId}; if a client of that name is in the pool, remove it in the AWS console.");
        }

        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var entry in open)
        {
            db.Journal.Attach(entry);
            var match = entry.Operation switch
            {
                "CreateApi" => found.FirstOrDefault(f => f.Kind == ResourceKind.Api),
                "CreateUserPool" => found.FirstOrDefault(f => f.Kind == ResourceKind.UserPool),
                _ => null,
            };
            entry.State = match is null ? StepState.Failed : StepState.Succeeded;
            entry.EndedAt = now;
            entry.ResourceId = match?.AwsId;
            entry.Error = match is null
                ? "Outcome unknown: SecureApi stopped before AWS answered. Anything it made is removed with its API or pool."
                : "SecureApi stopped before AWS answered; the resource was found by its tag.";
        }

        foreach (var made in found)
        {
            var record = PlanExecutor.ToRecord(deployment.Id, made, clock);
            db.Resources.Add(record);
            deployment.Resources.Add(record);
        }

        await db.SaveChangesAsync(cancellationToken);
        return warnings;
    }

    private EventReporter Reporter(Guid id, DeploymentState state) => new(events, id, state, clock);
}
