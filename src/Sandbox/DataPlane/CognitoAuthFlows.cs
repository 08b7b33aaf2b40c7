using System.Text.Json;
using System.Text.Json.Nodes;
using SecureApi.Sandbox.DataPlane.Tokens;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane;

/// <summary>
/// Cognito's sign-in operations (AdminInitiateAuth, InitiateAuth): the control plane's awsJson dispatcher hands these
/// two operations to this class, which checks the flow, the password and issues tokens. Errors are thrown as
/// <see cref="SandboxAwsError"/> with Cognito's codes and messages.
/// </summary>
public sealed class CognitoAuthFlows(SandboxState state, TokenIssuer tokens, TimeProvider time)
{
    public JsonObject AdminInitiateAuth(JsonElement request)
    {
        var flow = RequiredString(request, "AuthFlow");
        var poolId = RequiredString(request, "UserPoolId");
        var clientId = RequiredString(request, "ClientId");
        var parameters = AuthParameters(request);
        return flow switch
        {
            "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" => PasswordAuth(poolId, clientId, AuthFlowKind.AdminPassword, flow, parameters),
            "USER_PASSWORD_AUTH" => PasswordAuth(poolId, clientId, AuthFlowKind.UserPassword, flow, parameters),
            "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN" => RefreshAuth(poolId, clientId, parameters),
            _ => throw UnsupportedFlow(flow),
        };
    }

    public JsonObject InitiateAuth(JsonElement request)
    {
        var flow = RequiredString(request, "AuthFlow");
        var clientId = RequiredString(request, "ClientId");
        var parameters = AuthParameters(request);
        return flow switch
        {
            "USER_PASSWORD_AUTH" => PasswordAuth(null, clientId, AuthFlowKind.UserPassword, flow, parameters),
            "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN" => RefreshAuth(null, clientId, parameters),
            // The admin flows exist only on the signed admin operation.
            "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" => throw SandboxAwsError.InvalidParameter("Initiate Auth method not supported."),
            _ => throw UnsupportedFlow(flow),
        };
    }

    private JsonObject PasswordAuth(string? poolId, string clientId, AuthFlowKind kind, string flow, IReadOnlyDictionary<string, string> parameters)
    {
        var username = Parameter(parameters, "USERNAME");
        var password = Parameter(parameters, "PASSWORD");
        TokenSubject subject;
        lock (state.Gate)
        {
            var (pool, client) = FindClient(poolId, clientId);
            AuthFlowPolicy.EnsureAllowed(client, kind, flow);
            var user = UserLookup.Find(pool, username);
            EnsureSecretHash(client, parameters, username, user?.Username);
            if (user is null)
            {
                throw client.PreventUserExistenceErrors == "ENABLED" ? IncorrectCredentials() : UserNotFound();
            }

            if (!user.Enabled)
            {
                throw NotAuthorized("User is disabled.");
            }

            if (user.Password is null || !SecretHash.FixedTimeEquals(user.Password, password))
            {
                throw IncorrectCredentials();
            }

            switch (user.Status)
            {
                case "FORCE_CHANGE_PASSWORD":
                    return NewPasswordChallenge(user);
                case "UNCONFIRMED":
                    throw new SandboxAwsError("UserNotConfirmedException", "User is not confirmed.");
                case "RESET_REQUIRED":
                    throw new SandboxAwsError("PasswordResetRequiredException", "Password reset is required.");
            }

            subject = Subject(pool, client, user, time.GetUtcNow());
        }

        // Signing happens outside the lock; the refresh token is recorded afterwards.
        var issued = tokens.Issue(subject);
        var refreshToken = TokenIssuer.NewOpaqueToken();
        lock (state.Gate)
        {
            var (pool, client) = FindClient(subject.PoolId, clientId);
            var user = UserLookup.Find(pool, subject.Username) ?? throw UserNotFound();
            var lifetime = TokenValidity.ToTimeSpan(client.RefreshTokenValidity, client.RefreshTokenUnit);
            user.RefreshTokens[refreshToken] = new RefreshTokenState(clientId, time.GetUtcNow().Add(lifetime));
        }

        return Authenticated(issued, refreshToken);
    }

    private JsonObject RefreshAuth(string? poolId, string clientId, IReadOnlyDictionary<string, string> parameters)
    {
        var refreshToken = Parameter(parameters, "REFRESH_TOKEN");
        TokenSubject subject;
        lock (state.Gate)
        {
            var (pool, client) = FindClient(poolId, clientId);
            AuthFlowPolicy.EnsureAllowed(client, AuthFlowKind.Refresh, "REFRESH_TOKEN_AUTH");
            var user = pool.Users.Values.FirstOrDefault(u => u.RefreshTokens.TryGetValue(refreshToken, out var t) && t.ClientId == clientId)
                ?? throw NotAuthorized("Invalid Refresh Token");
            if (client.ClientSecret is not null)
            {
                // With a secret, the hash is computed over the user's name (or, for email/phone pools, its sub).
                var presented = parameters.GetValueOrDefault("SECRET_HASH") ?? throw SecretNotReceived(clientId);
                if (!SecretHash.Matches(presented, user.Username, clientId, client.ClientSecret)
                    && !SecretHash.Matches(presented, user.Sub, clientId, client.ClientSecret))
                {
                    throw NotAuthorized($"Unable to verify secret hash for client {clientId}");
                }
            }

            if (user.RefreshTokens[refreshToken].ExpiresAt <= time.GetUtcNow())
            {
                throw NotAuthorized("Refresh Token has expired");
            }

            if (!user.Enabled)
            {
                throw NotAuthorized("User is disabled.");
            }

            subject = Subject(pool, client, user, time.GetUtcNow());
        }

        return Authenticated(tokens.Issue(subject), refreshToken: null);
    }

    private (PoolState Pool, ClientState Client) FindClient(string? poolId, string clientId)
    {
        if (poolId is not null)
        {
            if (!state.Pools.TryGetValue(poolId, out var pool))
            {
                throw SandboxAwsError.ResourceNotFound($"User pool {poolId} does not exist.");
            }

            return pool.Clients.TryGetValue(clientId, out var client)
                ? (pool, client)
                : throw SandboxAwsError.ResourceNotFound($"User pool client {clientId} does not exist.");
        }

        foreach (var pool in state.Pools.Values)
        {
            if (pool.Clients.TryGetValue(clientId, out var client))
            {
                return (pool, client);
            }
        }

        throw SandboxAwsError.ResourceNotFound($"User pool client {clientId} does not exist.");
    }

    private static void EnsureSecretHash(ClientState client, IReadOnlyDictionary<string, string> parameters, string presentedName, string? storedName)
    {
        if (client.ClientSecret is null)
        {
            return;
        }

        var presented = parameters.GetValueOrDefault("SECRET_HASH") ?? throw SecretNotReceived(client.ClientId);
        // The hash is over the name the caller signed in with; for an alias sign-in some SDKs use the stored name.
        if (!SecretHash.Matches(presented, presentedName, client.ClientId, client.ClientSecret)
            && (storedName is null || !SecretHash.Matches(presented, storedName, client.ClientId, client.ClientSecret)))
        {
            throw NotAuthorized($"Unable to verify secret hash for client {client.ClientId}");
        }
    }

    private static TokenSubject Subject(PoolState pool, ClientState client, UserState user, DateTimeOffset authTime) => new(
        pool.Id,
        pool.Region,
        client.ClientId,
        user.Username,
        user.Sub,
        new Dictionary<string, string>(user.Attributes, StringComparer.Ordinal),
        TokenValidity.ToTimeSpan(client.AccessTokenValidity, client.AccessTokenUnit),
        TokenValidity.ToTimeSpan(client.IdTokenValidity, client.IdTokenUnit),
        authTime);

    private static JsonObject NewPasswordChallenge(UserState user)
    {
        var attributes = new JsonObject();
        foreach (var (name, value) in user.Attributes.Where(a => a.Key != "sub"))
        {
            attributes[name] = value;
        }

        return new JsonObject
        {
            ["ChallengeName"] = "NEW_PASSWORD_REQUIRED",
            ["Session"] = TokenIssuer.NewOpaqueToken(),
            ["ChallengeParameters"] = new JsonObject
            {
                ["USER_ID_FOR_SRP"] = user.Username,
                ["requiredAttributes"] = "[]",
                ["userAttributes"] = attributes.ToJsonString(),
            },
        };
    }

    private static JsonObject Authenticated(IssuedTokens issued, string? refreshToken)
    {
        var result = new JsonObject
        {
            ["AccessToken"] = issued.AccessToken,
            ["ExpiresIn"] = issued.ExpiresIn,
            ["IdToken"] = issued.IdToken,
            ["TokenType"] = "Bearer",
        };
        if (refreshToken is not null)
        {
            result["RefreshToken"] = refreshToken;
        }

        return new JsonObject { ["AuthenticationResult"] = result, ["ChallengeParameters"] = new JsonObject() };
    }

    private static string RequiredString(JsonElement request, string name) =>
        request.ValueKind == JsonValueKind.Object && request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw SandboxAwsError.InvalidParameter($"1 validation error detected: Value at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    private static Dictionary<string, string> AuthParameters(JsonElement request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.TryGetProperty("AuthParameters", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                parameters[property.Name] = property.Value.GetString()!;
            }
        }

        return parameters;
    }

    private static string Parameter(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw SandboxAwsError.InvalidParameter($"Missing required parameter {name}");

    private static SandboxAwsError UnsupportedFlow(string flow) =>
        SandboxAwsError.InvalidParameter($"{flow} is not supported by the Sandbox; use USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH.");

    private static SandboxAwsError NotAuthorized(string message) => new("NotAuthorizedException", message);

    private static SandboxAwsError IncorrectCredentials() => NotAuthorized("Incorrect username or password.");

    private static SandboxAwsError UserNotFound() => new("UserNotFoundException", "User does not exist.");

    private static SandboxAwsError SecretNotReceived(string clientId) =>
        NotAuthorized($"Client {clientId} is configured for secret but secret was not received");
}
