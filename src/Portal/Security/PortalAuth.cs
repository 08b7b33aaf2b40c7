using Microsoft.AspNetCore.Authorization;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Security;

/// <summary>Names of the authentication schemes.</summary>
public static class PortalSchemes
{
    /// <summary>The default: forwards to the bearer scheme when an Authorization header is sent, else to the cookie.</summary>
    public const string Default = "SecureApi";
    public const string Cookie = "SecureApi.Cookie";
    public const string LocalBearer = "SecureApi.LocalToken";
    public const string JwtBearer = "SecureApi.Jwt";
    public const string Oidc = "SecureApi.Oidc";
}

/// <summary>The role policies. Every page and endpoint needs at least <see cref="Viewer"/> (the fallback policy).</summary>
public static class PortalPolicies
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";
    public const string Admin = "Admin";

    internal static void Add(AuthorizationOptions options)
    {
        var viewer = Require(CallerRole.Viewer, CallerRole.Operator, CallerRole.Admin);
        options.AddPolicy(Viewer, viewer);
        options.AddPolicy(Operator, Require(CallerRole.Operator, CallerRole.Admin));
        options.AddPolicy(Admin, Require(CallerRole.Admin));
        // Anything not marked otherwise (pages, /api, the Blazor hub, endpoints still to come) needs a signed-in
        // person with a portal role; only health and sign-in opt out with AllowAnonymous.
        options.FallbackPolicy = viewer;
        options.DefaultPolicy = viewer;
    }

    private static AuthorizationPolicy Require(params CallerRole[] roles) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireRole(roles.Select(r => r.ToString()))
        .Build();
}
