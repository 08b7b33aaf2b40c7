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
/// crash, drift check. Called only by the worker, which holds the deployment's claim for the duration. A cancelled
/// token means shutdown (or a crash in tests), or the claim lost to another instance: the runner stops where it is and
/// writes nothing more, leaving the row for <see cref="RecoverAsync"/> by whichever instance claims it next.
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
    /// After a restart, or on another instance once the claim of the one that stopped has lapsed: a deployment left in
    /// Provisioning or RollingBack is reconciled with AWS (journal + tags) and rolled back; one left in Deleting is
    /// deleted again (deletes are idempotent). Rolling back rather than resuming
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
                // A recovery interrupted after its first pass already wrote these warnings into the error it resumes with.
                var newWarnings = warnings.Where(w => !cause.Contains(w, StringComparison.Ordinal)).ToList();
                cause = newWarnings.Count == 0 ? cause : $"{cause} {string.Join(" ", newWarnings)}";
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
    /// looked up by tag, an app client in a reused pool by name and creation time, and recorded, so the rollback removes
    /// it. Returns warnings for what cannot be settled for sure (clients it cannot tell apart).
    /// </summary>
    private async Task<List<string>> ReconcileAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var open = deployment.Journal.Where(j => j.State == StepState.Intent).ToList();
        var warnings = new List<string>();
        if (open.Count == 0 && !deployment.Journal.Any(UnansweredClientCreate))
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

        var clientSearch = await FindInterruptedClientAsync(deployment, spec, cancellationToken);
        if (clientSearch is { Ours: { } ours })
        {
            found.Add(new MadeResource(ResourceKind.UserPoolClient, ours, null, clientSearch.Pool, PlanBuilder.ClientNameOf(spec), CreatedByUs: true));
        }
        else if (clientSearch is { Candidates.Count: > 0 } unsure)
        {
            warnings.Add($"SecureApi stopped before Cognito answered the creation of the app client '{PlanBuilder.ClientNameOf(spec)}' in your " +
                $"existing pool {unsure.Pool}, and cannot tell which client of that name it made: {string.Join(", ", unsure.Candidates)}. " +
                "None was removed; delete the one no application uses in the AWS console.");
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
                "CreateUserPoolClient" => found.FirstOrDefault(f => f.Kind == ResourceKind.UserPoolClient),
                _ => null,
            };
            entry.State = match is null ? StepState.Failed : StepState.Succeeded;
            entry.EndedAt = now;
            entry.ResourceId = match?.AwsId;
            entry.Error = (match, entry.Operation) switch
            {
                (null, "CreateUserPoolClient") when clientSearch is not null => clientSearch.Candidates.Count == 0
                    ? "SecureApi stopped before Cognito answered; no app client of this name was made in the pool."
                    : $"{UnknownOutcome} Clients that could be the one made were found; none was removed.",
                (null, _) => $"{UnknownOutcome} Anything it made is removed with its API or pool.",
                (_, "CreateUserPoolClient") => "SecureApi stopped before Cognito answered; the app client was found by its name and creation time.",
                _ => "SecureApi stopped before AWS answered; the resource was found by its tag.",
            };
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

    /// <summary>
    /// For an app client create in a pool we did not create whose answer never arrived (an open intent, or one an
    /// earlier recovery settled as unknown): the clients in that pool that could be the one made. Null when there is
    /// no such create, or the client is already recorded.
    /// </summary>
    private async Task<ClientSearch?> FindInterruptedClientAsync(Deployment deployment, Specs.SecureApiSpec spec, CancellationToken cancellationToken)
    {
        var attempts = deployment.Journal.Where(UnansweredClientCreate).ToList();
        var keptPool = deployment.Resources.FirstOrDefault(r => r.Kind == ResourceKind.UserPool && !r.CreatedByUs)?.AwsId;
        if (attempts.Count == 0 || keptPool is null || deployment.Resources.Any(r => r.Kind == ResourceKind.UserPoolClient))
        {
            return null;
        }

        var clientName = PlanBuilder.ClientNameOf(spec);
        var (recorded, otherInFlight) = await store.ClientClaimsAsync(deployment.Id, keptPool, clientName, cancellationToken);
        try
        {
            var candidates = await UntaggedClientFinder.CandidatesAsync(
                aws.Cognito(deployment.Region), keptPool, clientName, attempts.Min(a => a.StartedAt), recorded, cancellationToken);
            var search = new ClientSearch(keptPool, candidates, otherInFlight);
            if (candidates.Count > 0 && search.Ours is null)
            {
                logger.LogWarning("Deployment {DeploymentId}: {Count} app clients in pool {PoolId} could be the one an interrupted create made; none is removed",
                    deployment.Id, candidates.Count, keptPool);
            }

            return search;
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // The person's pool is gone, and every client with it.
            return null;
        }
    }

    private const string UnknownOutcome = "Outcome unknown: SecureApi stopped before AWS answered.";

    private static bool UnansweredClientCreate(JournalEntry entry) => entry.Operation == "CreateUserPoolClient"
        && (entry.State == StepState.Intent || (entry.State == StepState.Failed && entry.Error?.StartsWith(UnknownOutcome, StringComparison.Ordinal) == true));

    private EventReporter Reporter(Guid id, DeploymentState state) => new(events, id, state, clock);
}
