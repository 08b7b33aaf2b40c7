using System.ComponentModel.DataAnnotations;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Components.Audit;

/// <summary>The Audit page's filters; every field is bounded like any other input.</summary>
public sealed class AuditFilterForm
{
    [MaxLength(256)]
    public string? Actor { get; set; }

    [MaxLength(64)]
    public string? Action { get; set; }

    [RegularExpression(@"^\s*[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}\s*$", ErrorMessage = "A deployment id looks like 0191c2e4-7b1a-7c3e-9f00-3a5b6c7d8e9f.")]
    [MaxLength(40)]
    public string? DeploymentId { get; set; }

    public AuditOutcome? Outcome { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    /// <summary>The query for these filters; dates are whole UTC days, <see cref="To"/> included.</summary>
    public AuditQuery ToQuery() => new()
    {
        Actor = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
        Action = string.IsNullOrWhiteSpace(Action) ? null : Action,
        DeploymentId = Guid.TryParse(DeploymentId?.Trim(), out var id) ? id : null,
        Outcome = Outcome,
        From = From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        To = To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
    };
}
