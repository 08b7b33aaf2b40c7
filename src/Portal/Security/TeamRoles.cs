using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Security;

/// <summary>
/// Team mode: turns the identity provider's groups (<c>Auth:RoleClaim</c>) into one portal role claim. Role claims the
/// token itself may carry are dropped first, so only the configured groups ever grant a role.
/// </summary>
internal sealed class TeamRoles(IOptions<AuthOptions> options) : IClaimsTransformation
{
    private const string MappedMarker = "secureapi:roles-mapped";

    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.HasClaim(c => c.Type == MappedMarker))
        {
            return Task.FromResult(principal);
        }

        var original = principal.Identities.First(i => i.IsAuthenticated);
        var identity = new ClaimsIdentity(
            principal.Claims.Where(c => c.Type != ClaimTypes.Role && c.Type != MappedMarker).Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer)),
            original.AuthenticationType, "name", ClaimTypes.Role);
        identity.AddClaim(new Claim(MappedMarker, "true"));
        if (RoleOf(principal) is { } role)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role.ToString()));
        }

        return Task.FromResult(new ClaimsPrincipal(identity));
    }

    /// <summary>The highest role any of the person's groups grants; null when none does.</summary>
    public CallerRole? RoleOf(ClaimsPrincipal principal)
    {
        var settings = options.Value;
        var groups = principal.FindAll(settings.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        bool Any(string names) => names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(groups.Contains);
        return Any(settings.Roles.Admin) ? CallerRole.Admin
            : Any(settings.Roles.Operator) ? CallerRole.Operator
            : Any(settings.Roles.Viewer) ? CallerRole.Viewer
            : null;
    }
}
