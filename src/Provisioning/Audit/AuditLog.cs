using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Audit;

/// <summary>The audit trail in the record store: one short-lived context per write, queries paged in SQL.</summary>
internal sealed partial class AuditLog(IDbContextFactory<RecordsDbContext> dbFactory, TimeProvider clock) : IAuditLog
{
    // Column limits of AuditEntryConfiguration; longer values are cut rather than failing the action being recorded.
    private const int IdentityLength = 256;
    private const int ActionLength = 64;
    private const int AddressLength = 64;
    private const int DetailLength = 2000;

    /// <inheritdoc />
    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(ToEntry(record, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PagedResult<AuditEntryInfo>> QueryAsync(AuditQuery query, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Role != CallerRole.Admin)
        {
            await RecordAsync(new AuditRecord(caller, AuditActions.ReadAudit, AuditOutcome.Denied, Detail: "Only an Admin can read the audit trail."), cancellationToken);
            throw new AccessDeniedException("Only an Admin can read the audit trail.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim().ToLower();
            rows = rows.Where(a => a.ActorId.ToLower().Contains(actor) || a.ActorName.ToLower().Contains(actor));
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            rows = rows.Where(a => a.Action == action);
        }

        if (query.DeploymentId is { } deploymentId)
        {
            rows = rows.Where(a => a.DeploymentId == deploymentId);
        }

        if (query.Outcome is { } outcome)
        {
            rows = rows.Where(a => a.Outcome == outcome);
        }

        if (query.From is { } from)
        {
            rows = rows.Where(a => a.At >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(a => a.At < to);
        }

        var total = await rows.CountAsync(cancellationToken);
        // Ids grow with time, so the newest-first order is stable across pages even for entries of the same instant.
        var page = await rows.OrderByDescending(a => a.Id)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, 500))
            .ToListAsync(cancellationToken);
        return new PagedResult<AuditEntryInfo>(
            [.. page.Select(a => new AuditEntryInfo(a.Id, a.At, a.ActorId, a.ActorName, a.Action, a.DeploymentId, a.Outcome, a.Detail, a.RemoteAddress))],
            total);
    }

    /// <summary>The row for <paramref name="record"/>, for callers that save it together with their own change.</summary>
    internal static AuditEntry ToEntry(AuditRecord record, DateTimeOffset at) => new()
    {
        At = at,
        ActorId = Cut(record.Actor.Id, IdentityLength),
        ActorName = Cut(record.Actor.Name, IdentityLength),
        Action = Cut(record.Action, ActionLength),
        DeploymentId = record.DeploymentId,
        Outcome = record.Outcome,
        Detail = record.Detail is null ? null : Cut(Redact(record.Detail), DetailLength),
        RemoteAddress = record.Actor.RemoteAddress is null ? null : Cut(record.Actor.RemoteAddress, AddressLength),
    };

    /// <summary>
    /// Defence in depth: no caller passes a token, but a message that quotes an AWS or IdP error might; anything shaped
    /// like a JWT is replaced.
    /// </summary>
    internal static string Redact(string text) => JwtShape().Replace(text, "[redacted token]");

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]*)?")]
    private static partial Regex JwtShape();
}
