using Microsoft.AspNetCore.Components.Authorization;
using SecureApi.Portal.Security;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Services;

/// <summary>
/// The signed-in person of this page or circuit, from the authentication state Blazor keeps per circuit. Scoped: the
/// remote address is taken once, from the request that opened the page or circuit.
/// </summary>
public sealed class SignedInCaller(AuthenticationStateProvider authentication, IHttpContextAccessor http) : ICurrentCaller
{
    private readonly string? _remoteAddress = CallerClaims.RemoteAddressOf(http.HttpContext);

    public async Task<Caller> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        // Pages are behind the fallback policy, so this is reached signed in; if not, refuse rather than guess a role.
        return CallerClaims.From(state.User, _remoteAddress)
            ?? throw new AccessDeniedException("Sign in first (and ask an administrator for a SecureApi role).");
    }
}
