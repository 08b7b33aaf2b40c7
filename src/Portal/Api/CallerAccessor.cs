using System.Security.Claims;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Api;

/// <summary>Who is calling, as the provisioning layer needs it. Replaceable by registering another implementation.</summary>
public interface ICallerAccessor
{
    Caller GetCaller(HttpContext context);
}

/// <summary>
/// Builds the caller from the signed-in user's claims (<c>sub</c> or NameIdentifier, <c>name</c>, role).
/// Until sign-in exists, an unauthenticated request is the local Admin <c>local</c> — this is the one place that
/// decides so, for the security issue to replace.
/// </summary>
public sealed class ClaimsCallerAccessor : ICallerAccessor
{
    public static ClaimsCallerAccessor Instance { get; } = new();

    /// <summary>The caller of an unauthenticated request while the portal has no sign-in.</summary>
    public static Caller Local { get; } = new("local", "Local admin", CallerRole.Admin);

    public Caller GetCaller(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return Local;
        }

        var id = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity.Name ?? "unknown";
        var name = user.FindFirstValue("name") ?? user.Identity.Name ?? id;
        var role = user.IsInRole(nameof(CallerRole.Admin)) ? CallerRole.Admin
            : user.IsInRole(nameof(CallerRole.Operator)) ? CallerRole.Operator
            : CallerRole.Viewer;
        return new Caller(id, name, role);
    }
}
