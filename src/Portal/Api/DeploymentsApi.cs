using SecureApi.Portal.Security;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Portal.Api;

/// <summary>
/// The JSON API under <c>/api/deployments</c> for automation (and what the UI does underneath): camelCase, enums as
/// strings. Errors are problem details: 400 with field errors keyed like the validator, 403 for role/ownership, 404
/// for an unknown id, 409 when the deployment's state does not allow the action.
/// </summary>
public static class DeploymentsApi
{
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder endpoints)
    {
        // Antiforgery is for cookie-authenticated forms; the API is called with a bearer token (or same-site fetch).
        // Roles are checked here and again, with ownership, in the service.
        var group = endpoints.MapGroup("/api/deployments").WithTags("Deployments").DisableAntiforgery()
            .RequireAuthorization(PortalPolicies.Viewer);
        group.MapPost("/", CreateAsync).RequireAuthorization(PortalPolicies.Operator);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapGet("/{id:guid}/delete-preview", PreviewDeleteAsync);
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(PortalPolicies.Operator);
        group.MapPost("/{id:guid}/drift-check", CheckDriftAsync).RequireAuthorization(PortalPolicies.Operator);
        return endpoints;
    }

    private static Task<IResult> CreateAsync(SecureApiSpec? spec, HttpContext context, IDeploymentService service, CancellationToken cancellationToken) =>
        ApiResults.GuardAsync(async () =>
        {
            if (spec is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [""] = ["The request body must be a deployment spec."] });
            }

            var created = await service.CreateAsync(spec, ApiResults.CallerOf(context), cancellationToken);
            context.Response.Headers.Location = $"/api/deployments/{created.Id}";
            return Results.Json(created, ApiResults.Json, statusCode: StatusCodes.Status202Accepted);
        });

    private static Task<IResult> ListAsync(
        HttpContext context, IDeploymentService service, CancellationToken cancellationToken,
        int? skip, int? take, int? page, int? pageSize, string? state, string? text, bool? includeDeleted, string? sortBy, bool? descending) =>
        ApiResults.GuardAsync(async () =>
        {
            if (text?.Length > 200 || sortBy?.Length > 32)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    [text?.Length > 200 ? "text" : "sortBy"] = ["Too long: search text is at most 200 characters, sortBy at most 32."],
                });
            }

            DeploymentState? parsed = null;
            if (!string.IsNullOrWhiteSpace(state))
            {
                if (!Enum.TryParse<DeploymentState>(state, ignoreCase: true, out var value) || !Enum.IsDefined(value))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]>
                    {
                        ["state"] = [$"Unknown state '{state}'. Use one of: {string.Join(", ", Enum.GetNames<DeploymentState>())}."],
                    });
                }

                parsed = value;
            }

            var size = Math.Clamp(take ?? pageSize ?? 25, 1, 500);
            var offset = skip ?? (Math.Max(page ?? 1, 1) - 1) * size;
            var result = await service.ListAsync(new DeploymentQuery
            {
                Skip = Math.Max(0, offset),
                Take = size,
                State = parsed,
                Text = text,
                IncludeDeleted = includeDeleted ?? false,
                SortBy = sortBy,
                Descending = descending ?? true,
            }, ApiResults.CallerOf(context), cancellationToken);
            return Results.Json(new { items = result.Items, totalCount = result.TotalCount }, ApiResults.Json);
        });

    private static Task<IResult> GetAsync(Guid id, HttpContext context, IDeploymentService service, CancellationToken cancellationToken) =>
        ApiResults.GuardAsync(async () => await service.GetAsync(id, ApiResults.CallerOf(context), cancellationToken) is { } details
            ? Results.Json(details, ApiResults.Json)
            : ApiResults.DeploymentNotFound(id));

    private static Task<IResult> PreviewDeleteAsync(Guid id, HttpContext context, IDeploymentService service, CancellationToken cancellationToken) =>
        ApiResults.GuardAsync(async () => await service.GetAsync(id, ApiResults.CallerOf(context), cancellationToken) is null
            ? ApiResults.DeploymentNotFound(id)
            : Results.Json(await service.PreviewDeleteAsync(id, ApiResults.CallerOf(context), cancellationToken), ApiResults.Json));

    private static Task<IResult> DeleteAsync(Guid id, HttpContext context, IDeploymentService service, CancellationToken cancellationToken) =>
        ApiResults.GuardAsync(async () =>
        {
            if (await service.GetAsync(id, ApiResults.CallerOf(context), cancellationToken) is null)
            {
                return ApiResults.DeploymentNotFound(id);
            }

            var details = await service.DeleteAsync(id, ApiResults.CallerOf(context), cancellationToken);
            context.Response.Headers.Location = $"/api/deployments/{id}";
            return Results.Json(details, ApiResults.Json, statusCode: StatusCodes.Status202Accepted);
        });

    private static Task<IResult> CheckDriftAsync(Guid id, HttpContext context, IDeploymentService service, CancellationToken cancellationToken) =>
        ApiResults.GuardAsync(async () => await service.GetAsync(id, ApiResults.CallerOf(context), cancellationToken) is null
            ? ApiResults.DeploymentNotFound(id)
            : Results.Json(await service.CheckDriftAsync(id, ApiResults.CallerOf(context), cancellationToken), ApiResults.Json));
}
