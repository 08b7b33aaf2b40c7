using System.Text.Json;
using System.Text.Json.Serialization;
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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

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

        return await GuardAsync(async () =>
        {
            var caller = CallerOf(context);
            if (await deployments.GetAsync(id, caller, cancellationToken) is null)
            {
                return NotFound(id);
            }

            var run = await verification.VerifyAsync(id, caller, new VerifyOptions
            {
                AllowTestUserInExistingPool = body?.AllowTestUserInExistingPool ?? false,
                AccessToken = body?.AccessToken,
            }, cancellationToken);
            return Results.Json(run, Json);
        });
    }

    private static Task<IResult> HistoryAsync(
        Guid id, HttpContext context, IDeploymentService deployments, IVerificationService verification, CancellationToken cancellationToken, int? take) =>
        GuardAsync(async () =>
        {
            var caller = CallerOf(context);
            if (await deployments.GetAsync(id, caller, cancellationToken) is null)
            {
                return NotFound(id);
            }

            return Results.Json(new { items = await verification.HistoryAsync(id, caller, take ?? 20, cancellationToken) }, Json);
        });

    private static async Task<VerifyRequest?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return null;
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<VerifyRequest>(text, Json);
    }

    private static Caller CallerOf(HttpContext context) =>
        (context.RequestServices.GetService<ICallerAccessor>() ?? ClaimsCallerAccessor.Instance).GetCaller(context);

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no deployment {id}.");

    private static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (AccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: ex.Message);
        }
        catch (ProvisioningException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot verify now", detail: ex.Message);
        }
    }
}
