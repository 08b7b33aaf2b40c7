using System.Text.Json.Nodes;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.Cognito;

/// <summary>Cognito's wire shapes (PascalCase members, epoch-second timestamps) for the Sandbox's state.</summary>
internal static class CognitoJson
{
    public static JsonNode Epoch(DateTimeOffset time) => JsonValue.Create(time.ToUnixTimeMilliseconds() / 1000.0);

    public static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    public static JsonObject Map(IReadOnlyDictionary<string, string> map) =>
        new(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    public static JsonObject Pool(PoolState pool) => new()
    {
        ["Id"] = pool.Id,
        ["Name"] = pool.Name,
        ["Arn"] = pool.Arn,
        ["Status"] = "Enabled",
        ["CreationDate"] = Epoch(pool.CreatedAt),
        ["LastModifiedDate"] = Epoch(pool.LastModifiedAt),
        ["Policies"] = new JsonObject
        {
            ["PasswordPolicy"] = new JsonObject
            {
                ["MinimumLength"] = pool.PasswordMinimumLength,
                ["RequireUppercase"] = pool.RequireUppercase,
                ["RequireLowercase"] = pool.RequireLowercase,
                ["RequireNumbers"] = pool.RequireNumbers,
                ["RequireSymbols"] = pool.RequireSymbols,
                ["TemporaryPasswordValidityDays"] = 7,
            },
        },
        ["MfaConfiguration"] = pool.MfaConfiguration,
        ["DeletionProtection"] = pool.DeletionProtection,
        ["UsernameAttributes"] = Array(pool.UsernameAttributes),
        ["AliasAttributes"] = Array(pool.AliasAttributes),
        ["AutoVerifiedAttributes"] = Array(pool.AutoVerifiedAttributes),
        ["UserPoolTags"] = Map(pool.Tags),
        ["EstimatedNumberOfUsers"] = pool.Users.Count,
        ["AdminCreateUserConfig"] = new JsonObject { ["AllowAdminCreateUserOnly"] = false },
        ["UserPoolTier"] = "ESSENTIALS",
    };

    public static JsonObject PoolDescription(PoolState pool) => new()
    {
        ["Id"] = pool.Id,
        ["Name"] = pool.Name,
        ["Status"] = "Enabled",
        ["CreationDate"] = Epoch(pool.CreatedAt),
        ["LastModifiedDate"] = Epoch(pool.LastModifiedAt),
        ["LambdaConfig"] = new JsonObject(),
    };

    /// <summary>UserPoolClientDescription: what ListUserPoolClients shows — no secret, no dates.</summary>
    public static JsonObject ClientDescription(ClientState client) => new()
    {
        ["ClientId"] = client.ClientId,
        ["UserPoolId"] = client.UserPoolId,
        ["ClientName"] = client.ClientName,
    };

    public static JsonObject Client(ClientState client)
    {
        var json = new JsonObject
        {
            ["UserPoolId"] = client.UserPoolId,
            ["ClientName"] = client.ClientName,
            ["ClientId"] = client.ClientId,
            ["CreationDate"] = Epoch(client.CreatedAt),
            ["LastModifiedDate"] = Epoch(client.LastModifiedAt),
            ["AccessTokenValidity"] = client.AccessTokenValidity,
            ["IdTokenValidity"] = client.IdTokenValidity,
            ["RefreshTokenValidity"] = client.RefreshTokenValidity,
            ["TokenValidityUnits"] = new JsonObject
            {
                ["AccessToken"] = client.AccessTokenUnit,
                ["IdToken"] = client.IdTokenUnit,
                ["RefreshToken"] = client.RefreshTokenUnit,
            },
            ["ExplicitAuthFlows"] = Array(client.ExplicitAuthFlows),
            ["AllowedOAuthFlows"] = Array(client.AllowedOAuthFlows),
            ["AllowedOAuthScopes"] = Array(client.AllowedOAuthScopes),
            ["AllowedOAuthFlowsUserPoolClient"] = client.AllowedOAuthFlowsUserPoolClient,
            ["SupportedIdentityProviders"] = Array(client.SupportedIdentityProviders),
            ["CallbackURLs"] = Array(client.CallbackUrls),
            ["EnableTokenRevocation"] = true,
            ["AuthSessionValidity"] = 3,
        };
        if (client.ClientSecret is not null)
        {
            json["ClientSecret"] = client.ClientSecret;
        }

        if (client.PreventUserExistenceErrors is not null)
        {
            json["PreventUserExistenceErrors"] = client.PreventUserExistenceErrors;
        }

        return json;
    }

    public static JsonObject User(UserState user) => new()
    {
        ["Username"] = user.Username,
        ["Attributes"] = new JsonArray(UserAttributes(user).Select(kv => (JsonNode?)new JsonObject { ["Name"] = kv.Key, ["Value"] = kv.Value }).ToArray()),
        ["UserCreateDate"] = Epoch(user.CreatedAt),
        ["UserLastModifiedDate"] = Epoch(user.LastModifiedAt),
        ["Enabled"] = user.Enabled,
        ["UserStatus"] = user.Status,
    };

    public static JsonObject ResourceServer(string poolId, ResourceServerState server) => new()
    {
        ["UserPoolId"] = poolId,
        ["Identifier"] = server.Identifier,
        ["Name"] = server.Name,
        ["Scopes"] = new JsonArray(server.Scopes
            .Select(s => (JsonNode?)new JsonObject { ["ScopeName"] = s.Name, ["ScopeDescription"] = s.Description }).ToArray()),
    };

    // Cognito lists sub first, then the attributes as stored.
    private static IEnumerable<KeyValuePair<string, string>> UserAttributes(UserState user) =>
        user.Attributes.ContainsKey("sub")
            ? user.Attributes
            : user.Attributes.Prepend(KeyValuePair.Create("sub", user.Sub));
}
