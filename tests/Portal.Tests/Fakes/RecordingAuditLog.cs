using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Tests.Fakes;

/// <summary>UI tests without a record store: keeps what would have been written to the audit trail.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly Lock _lock = new();
    private readonly List<AuditRecord> _records = [];

    public IReadOnlyList<AuditRecord> Records
    {
        get { lock (_lock) { return [.. _records]; } }
    }

    public Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        lock (_lock) { _records.Add(record); }
        return Task.CompletedTask;
    }

    public Task<PagedResult<AuditEntryInfo>> QueryAsync(AuditQuery query, Caller caller, CancellationToken cancellationToken = default)
    {
        if (caller.Role != CallerRole.Admin)
        {
            throw new AccessDeniedException("Only an Admin can read the audit trail.");
        }

        var records = Records;
        var items = records.Select((r, i) => new AuditEntryInfo(i + 1, DateTimeOffset.UnixEpoch, r.Actor.Id, r.Actor.Name, r.Action, r.DeploymentId, r.Outcome, r.Detail, r.Actor.RemoteAddress))
            .Reverse().Skip(query.Skip).Take(query.Take).ToList();
        return Task.FromResult(new PagedResult<AuditEntryInfo>(items, records.Count));
    }
}
