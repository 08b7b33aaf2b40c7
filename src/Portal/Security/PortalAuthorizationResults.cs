using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using SecureApi.Portal.Components.Pages.Security;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Security;

/// <summary>
/// What a refused request gets. Scripts (<c>/api</c>, the Blazor hub): 401 or 403 problem JSON. Browsers: anonymous →
/// 302 to the sign-in page; signed in without the role → a 403 page that says why. Every 403 is recorded.
/// </summary>
internal sealed class PortalAuthorizationResults(IAuditLog audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            if (IsMachineRequest(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first",
                    detail: "Send Authorization: Bearer <token> (local mode: Auth:LocalToken; team mode: a token from the identity provider).")
                    .ExecuteAsync(context);
                return;
            }

            await context.ChallengeAsync(PortalSchemes.Cookie);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var caller = CallerClaims.From(context.User, CallerClaims.RemoteAddressOf(context));
            var who = caller ?? (CallerClaims.Anonymous(CallerClaims.RemoteAddressOf(context)) with
            {
                Id = context.User.FindFirst("sub")?.Value ?? "unknown",
                Name = CallerClaims.DisplayName(context.User) ?? "unknown",
            });
            var why = caller is null ? "no SecureApi role" : $"role {caller.Role} is not enough";
            // The path only: a query string could carry anything.
            await audit.RecordAsync(new AuditRecord(who, AuditActions.AccessDenied, AuditOutcome.Denied,
                Detail: $"{context.Request.Method} {context.Request.Path}: {why}."), context.RequestAborted);

            if (IsMachineRequest(context.Request))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                    detail: caller is null
                        ? "You are signed in but have no SecureApi role. Ask an administrator to add you to a SecureApi group."
                        : $"Your role ({caller.Role}) does not allow this.")
                    .ExecuteAsync(context);
                return;
            }

            await new RazorComponentResult<AccessDeniedPage>(new { HasRole = caller is not null, Role = caller?.Role.ToString() })
            {
                StatusCode = StatusCodes.Status403Forbidden,
            }.ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>Requests from scripts and the circuit, which cannot follow a redirect to a sign-in page.</summary>
    internal static bool IsMachineRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/_blazor");
}
