using System.Security.Claims;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Security;

/// <summary>The one mapping from a signed-in person (claims) to the <see cref="Caller"/> the services check.</summary>
public static class CallerClaims
{
    private const int MaxLength = 256;

    /// <summary>Who is anonymous in the audit trail (failed sign-ins).</summary>
    public static Caller Anonymous(string? remoteAddress) => new("anonymous", "Anonymous", CallerRole.Viewer) { RemoteAddress = remoteAddress };

    /// <summary>
    /// <c>sub</c> (or NameIdentifier) as id, a display name, the highest portal role; null when the person is not
    /// signed in or has no portal role (least privilege: no role is no access, never Viewer by default).
    /// </summary>
    public static Caller? From(ClaimsPrincipal? user, string? remoteAddress)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        CallerRole? role = user.IsInRole(nameof(CallerRole.Admin)) ? CallerRole.Admin
            : user.IsInRole(nameof(CallerRole.Operator)) ? CallerRole.Operator
            : user.IsInRole(nameof(CallerRole.Viewer)) ? CallerRole.Viewer
            : null;
        if (role is null)
        {
            return null;
        }

        var id = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity.Name;
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var name = DisplayName(user) ?? id;
        return new Caller(Cut(id), Cut(name), role.Value) { RemoteAddress = remoteAddress };
    }

    /// <summary>What to call the person: Cognito id tokens carry no <c>name</c> unless the pool has the attribute.</summary>
    public static string? DisplayName(ClaimsPrincipal user) =>
        user.FindFirstValue("name") ?? user.FindFirstValue("email") ?? user.FindFirstValue("cognito:username")
        ?? user.FindFirstValue("username") ?? user.FindFirstValue(ClaimTypes.Name) ?? user.Identity?.Name;

    public static string? RemoteAddressOf(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();

    private static string Cut(string value) => value.Length <= MaxLength ? value : value[..MaxLength];
}
