using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane.Tokens;

public enum AuthFlowKind
{
    AdminPassword,
    UserPassword,
    Refresh,
}

/// <summary>Which sign-in flows an app client's <c>ExplicitAuthFlows</c> allow, current and legacy names alike.</summary>
public static class AuthFlowPolicy
{
    public static bool IsAllowed(ClientState client, AuthFlowKind kind)
    {
        var flows = client.ExplicitAuthFlows;
        return kind switch
        {
            AuthFlowKind.AdminPassword => flows.Contains("ALLOW_ADMIN_USER_PASSWORD_AUTH") || flows.Contains("ADMIN_NO_SRP_AUTH"),
            AuthFlowKind.UserPassword => flows.Contains("ALLOW_USER_PASSWORD_AUTH") || flows.Contains("USER_PASSWORD_AUTH"),
            // Refresh is always on for legacy settings and for an empty list (Cognito's default is SRP, custom, refresh).
            AuthFlowKind.Refresh => flows.Contains("ALLOW_REFRESH_TOKEN_AUTH") || !flows.Any(f => f.StartsWith("ALLOW_", StringComparison.Ordinal)),
            _ => false,
        };
    }

    public static void EnsureAllowed(ClientState client, AuthFlowKind kind, string flowName)
    {
        if (!IsAllowed(client, kind))
        {
            throw SandboxAwsError.InvalidParameter($"{flowName} flow not enabled for this client");
        }
    }
}
