using Microsoft.EntityFrameworkCore;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments.Deletion;
using SecureApi.Provisioning.Deployments.Worker;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Deployments;

/// <summary>
/// What the portal asks of provisioning. Validates before anything else (an invalid spec makes no AWS call), enforces
/// roles and ownership (Viewer reads; Operator changes only their own; Admin everything), records the request and
/// hands the work to the background worker. Lists are paged, sorted and filtered in the database.
/// </summary>
internal sealed class DeploymentService(
    IDbContextFactory<RecordsDbContext> dbFactory,
    DeploymentStore store,
    WorkQueue queue,
    IAwsClients aws,
    IAuditLog audit,
    TimeProvider clock) : IDeploymentService
{
    // How long a "Check now" waits for other work on the deployment to let go before reading the row as it is.
    private static readonly TimeSpan OnDemandDriftPatience = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task<DeploymentDetails> CreateAsync(SecureApiSpec spec, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!caller.CanWrite)
        {
            await AuditAsync(caller, AuditActions.Create, null, AuditOutcome.Denied, "Viewers cannot create deployments.", cancellationToken);
            throw new AccessDeniedException("Only an Operator or an Admin can secure an API.");
        }

        SpecValidator.EnsureValid(spec);
        var normalized = SpecDefaults.Normalize(spec);
        var now = clock.GetUtcNow();
        var deployment = new Deployment
        {
            Id = Guid.CreateVersion7(now),
            Name = normalized.Api.Name,
            Region = normalized.Region,
            SpecJson = SpecJson.Serialize(normalized),
            OwnerId = caller.Id,
            OwnerName = caller.Name,
            State = DeploymentState.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            UserPoolId = normalized.UserPool.ExistingPoolId,
            RouteKeys = string.Join('\n', normalized.Routes),
            Version = Guid.NewGuid(),
        };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Deployments.Add(deployment);
            // Saved with the deployment itself: a queued create without its audit line (or the reverse) cannot happen.
            db.AuditEntries.Add(AuditLog.ToEntry(
                new AuditRecord(caller, AuditActions.Create, AuditOutcome.Succeeded, deployment.Id, $"Queued '{deployment.Name}' in {deployment.Region}."),
                now));
            await db.SaveChangesAsync(cancellationToken);
        }

        queue.Wake();
        return DeploymentMapping.ToDetails(deployment);
    }

    /// <inheritdoc />
    public async Task<DeploymentDetails?> GetAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        var deployment = await LoadAsync(id, cancellationToken);
        if (deployment is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = await Verification.VerificationMapping.HistoryAsync(db, id, 1, cancellationToken);
        return DeploymentMapping.ToDetails(deployment) with { LatestVerification = latest.FirstOrDefault() };
    }

    /// <inheritdoc />
    public async Task<PagedResult<DeploymentSummary>> ListAsync(DeploymentQuery query, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Deployments.AsNoTracking();
        if (query.State is { } state)
        {
            rows = rows.Where(d => d.State == state);
        }
        else if (!query.IncludeDeleted)
        {
            rows = rows.Where(d => d.State != DeploymentState.Deleted);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLower();
            rows = rows.Where(d => d.Name.ToLower().Contains(text)
                || d.Region.ToLower().Contains(text)
                || (d.InvokeUrl != null && d.InvokeUrl.ToLower().Contains(text))
                || (d.UserPoolId != null && d.UserPoolId.ToLower().Contains(text))
                || d.OwnerName.ToLower().Contains(text)
                || d.OwnerId.ToLower().Contains(text)
                || d.RouteKeys.ToLower().Contains(text));
        }

        var total = await rows.CountAsync(cancellationToken);
        var sorted = (query.SortBy?.ToLowerInvariant(), query.Descending) switch
        {
            ("name", false) => rows.OrderBy(d => d.Name).ThenBy(d => d.Id),
            ("name", true) => rows.OrderByDescending(d => d.Name).ThenBy(d => d.Id),
            ("state", false) => rows.OrderBy(d => d.State).ThenBy(d => d.Id),
            ("state", true) => rows.OrderByDescending(d => d.State).ThenBy(d => d.Id),
            ("region", false) => rows.OrderBy(d => d.Region).ThenBy(d => d.Id),
            ("region", true) => rows.OrderByDescending(d => d.Region).ThenBy(d => d.Id),
            ("owner", false) => rows.OrderBy(d => d.OwnerName).ThenBy(d => d.Id),
            ("owner", true) => rows.OrderByDescending(d => d.OwnerName).ThenBy(d => d.Id),
            ("lastverifiedat", false) => rows.OrderBy(d => d.LastVerifiedAt).ThenBy(d => d.Id),
            ("lastverifiedat", true) => rows.OrderByDescending(d => d.LastVerifiedAt).ThenBy(d => d.Id),
            (_, false) => rows.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id),
            _ => rows.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id),
        };
        var page = await sorted.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500)).ToListAsync(cancellationToken);
        return new PagedResult<DeploymentSummary>([.. page.Select(d => new DeploymentSummary(
            d.Id, d.Name, d.State, d.Region, d.InvokeUrl, DeploymentMapping.RouteKeys(d), d.UserPoolId, d.OwnerName, d.CreatedAt,
            d.LastVerifiedAt, d.LastVerificationOutcome))], total);
    }

    /// <inheritdoc />
    public async Task<DeletePreview> PreviewDeleteAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        var deployment = await LoadAsync(id, cancellationToken) ?? throw NotFound(id);
        var refused = RefusalOf(deployment) ?? (CanChange(deployment, caller) ? null : "You can delete only the deployments you created.");
        var plan = await PlanDeletionAsync(deployment, cancellationToken);
        return new DeletePreview(id,
            [.. plan.WillDelete.Select(DeploymentMapping.ToInfo)],
            [.. plan.Kept.Select(k => new KeptResource(DeploymentMapping.ToInfo(k.Resource), k.Reason))],
            refused);
    }

    /// <inheritdoc />
    public async Task<DeploymentDetails> DeleteAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        var deployment = await LoadAsync(id, cancellationToken) ?? throw NotFound(id);
        await EnsureCanChangeAsync(deployment, caller, AuditActions.Delete, cancellationToken);
        if (RefusalOf(deployment) is { } refusal && deployment.State is not (DeploymentState.Deleting or DeploymentState.Deleted))
        {
            throw new ProvisioningException(refusal);
        }

        var queued = await store.UpdateAsync(id, d =>
        {
            // A second delete (or one that lost the race) sees the first one under way or done and changes nothing.
            if (d.State is DeploymentState.Deleting or DeploymentState.Deleted)
            {
                return false;
            }

            if (RefusalOf(d) is { } late)
            {
                throw new ProvisioningException(late);
            }

            d.State = DeploymentState.Deleting;
            d.StartedAt = clock.GetUtcNow();
            d.CompletedAt = null;
            d.Error = null;
            return true;
        }, cancellationToken);
        if (queued is not null)
        {
            await AuditAsync(caller, AuditActions.Delete, id, AuditOutcome.Succeeded, $"Delete of '{deployment.Name}' queued.", cancellationToken);
            queue.Wake();
        }

        return DeploymentMapping.ToDetails(await LoadAsync(id, cancellationToken) ?? deployment);
    }

    /// <inheritdoc />
    public async Task<DeploymentDetails> CheckDriftAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        var deployment = await LoadAsync(id, cancellationToken) ?? throw NotFound(id);
        await EnsureCanChangeAsync(deployment, caller, AuditActions.DriftCheck, cancellationToken);
        if (deployment.State is not (DeploymentState.Active or DeploymentState.Drifted))
        {
            throw new ProvisioningException($"Only an active deployment can be checked for drift; this one is {deployment.State}.");
        }

        // "Check now": wait for work that still holds the deployment (a create that has just finished, another
        // instance's check) rather than come back unchecked.
        await queue.RequestDriftCheckAsync(id, cancellationToken, OnDemandDriftPatience);
        var checkedNow = await LoadAsync(id, cancellationToken) ?? deployment;
        await AuditAsync(caller, AuditActions.DriftCheck, id, AuditOutcome.Succeeded, $"Drift check of '{deployment.Name}': {checkedNow.State}.", cancellationToken);
        return DeploymentMapping.ToDetails(checkedNow);
    }

    /// <inheritdoc />
    public async Task<DeploymentDetails> RetryAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        var deployment = await LoadAsync(id, cancellationToken) ?? throw NotFound(id);
        await EnsureCanChangeAsync(deployment, caller, AuditActions.Retry, cancellationToken);
        if (deployment.State is not (DeploymentState.Failed or DeploymentState.RolledBack))
        {
            throw new ProvisioningException($"Only a failed or rolled-back deployment can be retried; this one is {deployment.State}.");
        }

        var retry = await CreateAsync(SpecJson.Deserialize(deployment.SpecJson), caller, cancellationToken);
        await AuditAsync(caller, AuditActions.Retry, id, AuditOutcome.Succeeded, $"Retried as deployment {retry.Id}.", cancellationToken);
        return retry;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PoolChoice>> ListUserPoolsAsync(string region, Caller caller, CancellationToken cancellationToken = default)
    {
        if (!caller.CanWrite)
        {
            await AuditAsync(caller, AuditActions.ListUserPools, null, AuditOutcome.Denied, $"Viewers cannot list the user pools of {region}.", cancellationToken);
            throw new AccessDeniedException("Only an Operator or an Admin can browse user pools to secure an API.");
        }

        if (SpecValidator.ValidateRegion(region) is { } problem)
        {
            throw new SpecValidationException(new Dictionary<string, string[]> { ["region"] = [problem] });
        }

        var pools = new List<PoolChoice>();
        await foreach (var pool in aws.Cognito(region).ListAllUserPoolsAsync(cancellationToken))
        {
            if (pool.Id is { } poolId)
            {
                pools.Add(new PoolChoice(poolId, pool.Name ?? poolId));
            }
        }

        return [.. pools.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private static string? RefusalOf(Deployment d) => d.State switch
    {
        DeploymentState.Pending or DeploymentState.Provisioning =>
            "This deployment is still being created. Wait until it is Active, Failed or RolledBack, then delete it.",
        DeploymentState.RollingBack => "This deployment is being rolled back; wait until it finishes.",
        DeploymentState.Deleting => "This deployment is already being deleted.",
        DeploymentState.Deleted => "This deployment is already deleted.",
        _ => null,
    };

    private static bool CanChange(Deployment d, Caller caller) =>
        caller.Role == CallerRole.Admin || (caller.Role == CallerRole.Operator && d.OwnerId == caller.Id);

    private async Task EnsureCanChangeAsync(Deployment d, Caller caller, string action, CancellationToken cancellationToken)
    {
        if (CanChange(d, caller))
        {
            return;
        }

        await AuditAsync(caller, action, d.Id, AuditOutcome.Denied, $"Owner is {d.OwnerName}.", cancellationToken);
        throw new AccessDeniedException(caller.Role == CallerRole.Viewer
            ? "Viewers can look at deployments but not change them."
            : $"Only its owner ({d.OwnerName}) or an Admin can change the deployment '{d.Name}'.");
    }

    private async Task<DeletionPlan> PlanDeletionAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var pools = deployment.Resources.Where(r => r.Kind == ResourceKind.UserPool && r.DeletedAt is null).Select(r => r.AwsId);
        return DeletionPlanner.Plan(deployment.Resources, await store.PoolUsageAsync(deployment.Id, pools, cancellationToken));
    }

    private Task<Deployment?> LoadAsync(Guid id, CancellationToken cancellationToken) => store.LoadAsync(id, cancellationToken);

    private Task AuditAsync(Caller caller, string action, Guid? id, AuditOutcome outcome, string detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditRecord(caller, action, outcome, id, detail), cancellationToken);

    private static ProvisioningException NotFound(Guid id) => new($"There is no deployment {id}.");
}
