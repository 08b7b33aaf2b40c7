using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane;

/// <summary>
/// Cognito's sign-in operations (AdminInitiateAuth, InitiateAuth): the control plane's awsJson dispatcher hands these
/// two operations to this class, which checks the flow, the password and issues tokens.
/// </summary>
public sealed class CognitoAuthFlows(SandboxState state, SandboxOptions options)
{
    public JsonObject AdminInitiateAuth(JsonElement request) => Unsupported(nameof(AdminInitiateAuth));

    public JsonObject InitiateAuth(JsonElement request) => Unsupported(nameof(InitiateAuth));

    private JsonObject Unsupported(string operation)
    {
        _ = state;
        _ = options;
        throw new SandboxAwsError("UnsupportedOperationException", operation + " is not available yet.", HttpStatusCode.BadRequest);
    }
}
