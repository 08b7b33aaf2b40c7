using System.Text.Json;
using SecureApi.Portal.Security;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Portal.Api;

/// <summary>
/// Verification under <c>/api/deployments/{id}</c>. <c>POST …/verify</c> runs the checks synchronously (they take
/// seconds) and answers 200 with the run: <c>{id, outcome, startedAt, completedAt, waited, waitedMs, note, checks:[{route,
/// check, expected, status, passed, applicable, latencyMs, at, detail}]}</c>. Its body is optional:
/// <c>{allowTestUserInExistingPool, accessToken}</c>; the token is used for this run only, never logged or stored.
/// <c>GET …/verifications</c> answers <c>{items:[run…]}</c>, newest first. 404 unknown id, 403 role/ownership, 409 when
/// the deployment cannot be verified now (deleted, not Active, existing pool without consent or token).
/// </summary>
public static class VerificationApi
{
    private const string ConflictTitle = "Cannot verify now";

    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/deployments").WithTags("Verification").DisableAntiforgery()
            .RequireAuthorization(PortalPolicies.Viewer);
        // Operators verify their own deployments (ownership is checked by the service), Admins any.
        group.MapPost("/{id:guid}/verify", VerifyAsync).RequireAuthorization(PortalPolicies.Operator);
        group.MapGet("/{id:guid}/verifications", HistoryAsync);
        return endpoints;
    }

    /// <summary>The optional body of <c>POST …/verify</c>.</summary>
    public sealed record VerifyRequest(bool AllowTestUserInExistingPool = false, string? AccessToken = null)
    {
        public override string ToString() => $"VerifyRequest {{ AllowTestUserInExistingPool = {AllowTestUserInExistingPool}, AccessToken = *** }}";
    }

    private static async Task<IResult> VerifyAsync(
        Guid id, HttpContext context, IDeploymentService deployments, IVerificationService verification, CancellationToken cancellationToken)
    {
        VerifyRequest? body;
        try
        {
            body = await ReadBodyAsync(context.Request, cancellationToken);
        }
        catch (JsonException)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [""] = ["The body must be empty or {\"allowTestUserInExistingPool\": true|false, \"accessToken\": \"…\"}."],
            });
        }

        return await ApiResults.GuardAsync(async () =>
        {
            var caller = ApiResults.CallerOf(context);
            if (await deployments.GetAsync(id, caller, cancellationToken) is null)
            {
                return ApiResults.DeploymentNotFound(id);
            }

            var run = await verification.VerifyAsync(id, caller, new VerifyOptions
            {
                AllowTestUserInExistingPool = body?.AllowTestUserInExistingPool ?? false,
                AccessToken = body?.AccessToken,
            }, cancellationToken);
            return Results.Json(run, ApiResults.Json);
        }, ConflictTitle);
    }

    private static Task<IResult> HistoryAsync(
        Guid id, HttpContext context, IDeploymentService deployments, IVerificationService verification, CancellationToken cancellationToken, int? take) =>
        ApiResults.GuardAsync(async () =>
        {
            var caller = ApiResults.CallerOf(context);
            if (await deployments.GetAsync(id, caller, cancellationToken) is null)
            {
                return ApiResults.DeploymentNotFound(id);
            }

            return Results.Json(new { items = await verification.HistoryAsync(id, caller, take ?? 20, cancellationToken) }, ApiResults.Json);
        }, ConflictTitle);

    private static async Task<VerifyRequest?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return null;
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<VerifyRequest>(text, ApiResults.Json);
    }
}
