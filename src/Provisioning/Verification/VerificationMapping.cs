using Microsoft.EntityFrameworkCore;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Verification;

/// <summary>Runs as the portal shows them, and the history query the service and the deployment details share.</summary>
internal static class VerificationMapping
{
    public static VerificationRunInfo ToInfo(VerificationRun run) => new(
        run.Id,
        run.DeploymentId,
        run.Outcome,
        run.StartedAt,
        run.CompletedAt,
        run.WaitedMs > 0,
        run.WaitedMs,
        run.Note,
        [.. run.Checks.OrderBy(c => c.Id).Select(c => new VerificationCheckInfo(
            c.Route, c.Check, c.Expected, c.Status, c.Passed, c.Applicable, c.LatencyMs, c.At, c.Detail))]);

    /// <summary>The newest <paramref name="take"/> runs of a deployment with their checks, newest first.</summary>
    public static async Task<IReadOnlyList<VerificationRunInfo>> HistoryAsync(RecordsDbContext db, Guid deploymentId, int take, CancellationToken cancellationToken)
    {
        var runs = await db.VerificationRuns.AsNoTracking()
            .Where(r => r.DeploymentId == deploymentId)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Take(take)
            .Include(r => r.Checks)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return [.. runs.Select(ToInfo)];
    }
}
