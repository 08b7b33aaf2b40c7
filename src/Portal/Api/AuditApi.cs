using SecureApi.Portal.Security;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Api;

/// <summary>
/// <c>GET /api/audit</c> (Admin): the audit trail, newest first, paged (<c>page</c>/<c>pageSize</c> or
/// <c>skip</c>/<c>take</c>) and filtered by <c>actor</c>, <c>action</c>, <c>deploymentId</c>, <c>outcome</c>,
/// <c>from</c>, <c>to</c>. There is deliberately no endpoint that changes or removes an entry.
/// </summary>
public static class AuditApi
{
    private const int MaxFilterLength = 256;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/audit", ListAsync).WithTags("Audit").RequireAuthorization(PortalPolicies.Admin);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, IAuditLog audit, CancellationToken cancellationToken,
        int? skip, int? take, int? page, int? pageSize, string? actor, string? action, Guid? deploymentId, string? outcome,
        DateTimeOffset? from, DateTimeOffset? to)
    {
        var errors = new Dictionary<string, string[]>();
        AuditOutcome? parsedOutcome = null;
        if (!string.IsNullOrWhiteSpace(outcome))
        {
            if (Enum.TryParse<AuditOutcome>(outcome, ignoreCase: true, out var value) && Enum.IsDefined(value))
            {
                parsedOutcome = value;
            }
            else
            {
                errors["outcome"] = [$"Use one of: {string.Join(", ", Enum.GetNames<AuditOutcome>())}."];
            }
        }

        if (actor?.Length > MaxFilterLength)
        {
            errors["actor"] = [$"At most {MaxFilterLength} characters."];
        }

        if (action?.Length > MaxFilterLength)
        {
            errors["action"] = [$"At most {MaxFilterLength} characters."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var size = Math.Clamp(take ?? pageSize ?? 50, 1, 500);
        var offset = skip ?? (Math.Max(page ?? 1, 1) - 1) * size;
        var caller = ClaimsCallerAccessor.Instance.GetCaller(context);
        try
        {
            var result = await audit.QueryAsync(new AuditQuery
            {
                Skip = Math.Max(0, offset),
                Take = size,
                Actor = actor,
                Action = action,
                DeploymentId = deploymentId,
                Outcome = parsedOutcome,
                From = from,
                To = to,
            }, caller, cancellationToken);
            return Results.Json(new { items = result.Items, totalCount = result.TotalCount }, ApiResults.Json);
        }
        catch (AccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: ex.Message);
        }
    }
}
