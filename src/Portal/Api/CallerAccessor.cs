using SecureApi.Portal.Security;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Api;

/// <summary>Who is calling, as the provisioning layer needs it. Replaceable by registering another implementation.</summary>
public interface ICallerAccessor
{
    Caller GetCaller(HttpContext context);
}

/// <summary>
/// Builds the caller from the signed-in user's claims (<see cref="CallerClaims.From"/>) and the remote address.
/// Endpoints are behind the fallback policy; a request that reaches one without a signed-in person with a role is
/// refused, never given a role.
/// </summary>
public sealed class ClaimsCallerAccessor : ICallerAccessor
{
    public static ClaimsCallerAccessor Instance { get; } = new();

    public Caller GetCaller(HttpContext context) =>
        CallerClaims.From(context.User, CallerClaims.RemoteAddressOf(context))
        ?? throw new AccessDeniedException("Sign in first (and ask an administrator for a SecureApi role).");
}
