using Microsoft.EntityFrameworkCore;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Worker;

/// <summary>
/// Reads and changes deployment rows with one short context per operation. State changes use optimistic concurrency
/// on <see cref="Deployment.Version"/>: a change that loses a race is re-evaluated against the winner's row.
/// </summary>
internal sealed class DeploymentStore(IDbContextFactory<RecordsDbContext> dbFactory, DeploymentEvents events, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The deployment with its resources and journal, untracked.</summary>
    public async Task<Deployment?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deployment is null)
        {
            return null;
        }

        deployment.Resources = await db.Resources.AsNoTracking().Where(r => r.DeploymentId == id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        deployment.Journal = await db.Journal.AsNoTracking().Where(j => j.DeploymentId == id).OrderBy(j => j.Id).ToListAsync(cancellationToken);
        return deployment;
    }

    /// <summary>
    /// Applies <paramref name="change"/> when it says it applies (returns true) and saves it with a new version.
    /// Returns the saved row, or null when the row is missing or the change no longer applies after a lost race.
    /// </summary>
    public async Task<Deployment?> UpdateAsync(Guid id, Func<Deployment, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var deployment = await db.Deployments.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
            if (deployment is null || !change(deployment))
            {
                return null;
            }

            deployment.Version = Guid.NewGuid();
            deployment.UpdatedAt = clock.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                events.Publish(new DeploymentChanged(id, deployment.State, null, null, deployment.UpdatedAt));
                return deployment;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                // Someone else changed the row first: read theirs and decide again.
            }
        }
    }

    /// <summary>
    /// What stands in the way of calling an unrecorded app client in <paramref name="poolId"/> ours: the client ids any
    /// deployment has recorded there, and whether another deployment has an unanswered create of a client of the same
    /// name in that pool (then a lone candidate may be theirs).
    /// </summary>
    public async Task<(IReadOnlySet<string> RecordedClientIds, bool OtherCreateInFlight)> ClientClaimsAsync(
        Guid deploymentId, string poolId, string clientName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recorded = await db.Resources.Where(r => r.Kind == ResourceKind.UserPoolClient && r.ParentId == poolId)
            .Select(r => r.AwsId).ToListAsync(cancellationToken);
        var othersCreating = await db.Journal
            .Where(j => j.DeploymentId != deploymentId && j.Operation == "CreateUserPoolClient" && j.State == StepState.Intent)
            .Select(j => j.DeploymentId).Distinct().ToListAsync(cancellationToken);
        var otherInFlight = false;
        foreach (var other in othersCreating)
        {
            var usesPool = await db.Resources.AnyAsync(r => r.DeploymentId == other && r.Kind == ResourceKind.UserPool && r.AwsId == poolId, cancellationToken);
            var specJson = await db.Deployments.Where(d => d.Id == other).Select(d => d.SpecJson).SingleOrDefaultAsync(cancellationToken);
            if (usesPool && specJson is not null && Planning.PlanBuilder.ClientNameOf(SpecJson.Deserialize(specJson)) == clientName)
            {
                otherInFlight = true;
                break;
            }
        }

        return (recorded.ToHashSet(StringComparer.Ordinal), otherInFlight);
    }

    /// <summary>For each pool id, the name of another live deployment (not Deleted or RolledBack) that uses it.</summary>
    public async Task<Func<string, string?>> PoolUsageAsync(Guid deploymentId, IEnumerable<string> poolIds, CancellationToken cancellationToken)
    {
        var ids = poolIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return _ => null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var live = db.Deployments.Where(d => d.Id != deploymentId && d.State != DeploymentState.Deleted && d.State != DeploymentState.RolledBack);
        var byRow = await live.Where(d => d.UserPoolId != null && ids.Contains(d.UserPoolId))
            .Select(d => new { PoolId = d.UserPoolId!, d.Name }).ToListAsync(cancellationToken);
        var byResource = await db.Resources
            .Where(r => r.Kind == ResourceKind.UserPool && r.DeletedAt == null && ids.Contains(r.AwsId))
            .Join(live, r => r.DeploymentId, d => d.Id, (r, d) => new { PoolId = r.AwsId, d.Name })
            .ToListAsync(cancellationToken);
        var users = byRow.Concat(byResource).GroupBy(u => u.PoolId).ToDictionary(g => g.Key, g => g.First().Name);
        return poolId => users.GetValueOrDefault(poolId);
    }
}
