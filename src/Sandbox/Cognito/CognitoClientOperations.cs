using System.Text.Json.Nodes;
using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.Cognito;

/// <summary>App client and resource server operations. Runs under the state lock.</summary>
internal sealed class CognitoClientOperations(SandboxState state, CognitoPoolOperations pools, TimeProvider time)
{
    private const int MaxResourceServers = 25;
    private const int MaxClientsPage = 60;
    private static readonly string[] s_units = ["seconds", "minutes", "hours", "days"];

    public AwsResponse CreateUserPoolClient(AwsCall call, RequestReader request)
    {
        var pool = pools.FindPool(call, request);
        var name = request.RequiredString("ClientName");
        CognitoRules.Name(request, "ClientName", name);

        var now = time.GetUtcNow();
        var client = new ClientState
        {
            ClientId = AwsIds.Unique(AwsIds.ClientId, id => state.Pools.Values.Any(p => p.Clients.ContainsKey(id))),
            ClientName = name,
            UserPoolId = pool.Id,
            CreatedAt = now,
            LastModifiedAt = now,
        };

        var flows = request.Strings("ExplicitAuthFlows") ?? [];
        CognitoRules.AllOf(request, "ExplicitAuthFlows", flows, [.. CognitoRules.ExplicitAuthFlows, .. CognitoRules.LegacyExplicitAuthFlows]);
        if (flows.Any(CognitoRules.LegacyExplicitAuthFlows.Contains) && flows.Any(CognitoRules.ExplicitAuthFlows.Contains))
        {
            throw request.Invalid("ExplicitAuthFlows can't have both legacy and new values at the same time.");
        }

        client.ExplicitAuthFlows = flows.Count > 0 ? flows.Distinct().ToList() : ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"];
        ApplyTokenValidity(request, client);
        ApplyOAuth(request, pool, client);

        var prevent = request.String("PreventUserExistenceErrors");
        CognitoRules.OneOf(request, "PreventUserExistenceErrors", prevent, "LEGACY", "ENABLED");
        // Clients created through the API default to LEGACY (UserNotFoundException for unknown users); only the
        // console pre-selects ENABLED (Cognito developer guide, "Managing user existence error responses").
        client.PreventUserExistenceErrors = prevent ?? "LEGACY";

        var suppliedSecret = request.String("ClientSecret");
        if (suppliedSecret is not null && suppliedSecret.Length is < 24 or > 64)
        {
            throw request.Invalid("1 validation error detected: Value at 'clientSecret' failed to satisfy constraint: Member must have length between 24 and 64");
        }

        if (request.Bool("GenerateSecret") == true || suppliedSecret is not null)
        {
            client.ClientSecret = suppliedSecret ?? AwsIds.ClientSecret();
        }

        if (client.AllowedOAuthFlows.Contains("client_credentials") && client.ClientSecret is null)
        {
            throw new SandboxAwsError("InvalidOAuthFlowException", "client_credentials flow can not be selected if client does not have a client secret.");
        }

        pool.Clients[client.ClientId] = client;
        pool.LastModifiedAt = now;
        return AwsResponse.Ok(new JsonObject { ["UserPoolClient"] = CognitoJson.Client(client) });
    }

    public AwsResponse DescribeUserPoolClient(AwsCall call, RequestReader request) =>
        AwsResponse.Ok(new JsonObject { ["UserPoolClient"] = CognitoJson.Client(FindClient(call, request).Client) });

    /// <summary>Pages in client id order; the token is the last id of the page (opaque to callers).</summary>
    public AwsResponse ListUserPoolClients(AwsCall call, RequestReader request)
    {
        var pool = pools.FindPool(call, request);
        var maxResults = request.Int("MaxResults") ?? MaxClientsPage;
        if (maxResults is < 1 or > MaxClientsPage)
        {
            throw request.Invalid($"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and {MaxClientsPage}");
        }

        var after = CognitoPoolOperations.DecodeToken(request, request.String("NextToken"));
        var clients = pool.Clients.Values
            .Where(c => after is null || string.CompareOrdinal(c.ClientId, after) > 0)
            .OrderBy(c => c.ClientId, StringComparer.Ordinal)
            .Take(maxResults + 1)
            .ToList();
        var page = clients.Take(maxResults).ToList();
        var response = new JsonObject
        {
            ["UserPoolClients"] = new JsonArray(page.Select(c => (JsonNode?)CognitoJson.ClientDescription(c)).ToArray()),
        };
        if (clients.Count > maxResults)
        {
            response["NextToken"] = CognitoPoolOperations.EncodeToken(page[^1].ClientId);
        }

        return AwsResponse.Ok(response);
    }

    public AwsResponse DeleteUserPoolClient(AwsCall call, RequestReader request)
    {
        var (pool, client) = FindClient(call, request);
        pool.Clients.Remove(client.ClientId);
        pool.LastModifiedAt = time.GetUtcNow();
        return AwsResponse.Ok(new JsonObject());
    }

    public AwsResponse CreateResourceServer(AwsCall call, RequestReader request)
    {
        var pool = pools.FindPool(call, request);
        var identifier = request.RequiredString("Identifier");
        if (identifier.Length is < 1 or > 256 || !CognitoRules.ResourceServerIdentifierPattern().IsMatch(identifier))
        {
            throw request.Invalid($"1 validation error detected: Value '{identifier}' at 'identifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\x21\\x23-\\x5B\\x5D-\\x7E]+");
        }

        var name = request.RequiredString("Name");
        CognitoRules.Name(request, "Name", name);
        var scopes = new List<(string Name, string Description)>();
        foreach (var scope in request.Objects("Scopes"))
        {
            var scopeName = scope.RequiredString("ScopeName");
            var description = scope.RequiredString("ScopeDescription");
            if (scopeName.Length is < 1 or > 256 || !CognitoRules.ScopeNamePattern().IsMatch(scopeName) || description.Length is < 1 or > 256)
            {
                throw request.Invalid($"Invalid scope '{scopeName}': names are 1-256 characters without spaces, quotes, '/' or '\\'; descriptions 1-256 characters.");
            }

            scopes.Add((scopeName, description));
        }

        if (scopes.Count > 100)
        {
            throw request.Invalid("A resource server can have at most 100 scopes.");
        }

        if (pool.ResourceServers.ContainsKey(identifier))
        {
            throw request.Invalid($"{identifier} already exists in user pool {pool.Id}.");
        }

        if (pool.ResourceServers.Count >= MaxResourceServers)
        {
            throw new SandboxAwsError("LimitExceededException", $"A user pool can have at most {MaxResourceServers} resource servers.");
        }

        var server = new ResourceServerState { Identifier = identifier, Name = name, Scopes = scopes };
        pool.ResourceServers[identifier] = server;
        return AwsResponse.Ok(new JsonObject { ["ResourceServer"] = CognitoJson.ResourceServer(pool.Id, server) });
    }

    private (PoolState Pool, ClientState Client) FindClient(AwsCall call, RequestReader request)
    {
        var pool = pools.FindPool(call, request);
        var clientId = request.RequiredString("ClientId");
        return pool.Clients.TryGetValue(clientId, out var client)
            ? (pool, client)
            : throw SandboxAwsError.ResourceNotFound($"User pool client {clientId} does not exist.");
    }

    private static void ApplyTokenValidity(RequestReader request, ClientState client)
    {
        var units = request.Object("TokenValidityUnits");
        var accessUnit = units?.String("AccessToken");
        var idUnit = units?.String("IdToken");
        var refreshUnit = units?.String("RefreshToken");
        CognitoRules.OneOf(request, "TokenValidityUnits.AccessToken", accessUnit, s_units);
        CognitoRules.OneOf(request, "TokenValidityUnits.IdToken", idUnit, s_units);
        CognitoRules.OneOf(request, "TokenValidityUnits.RefreshToken", refreshUnit, s_units);

        // Without units AWS reads access/id validity as hours and refresh validity as days.
        if (request.Int("AccessTokenValidity") is { } access)
        {
            client.AccessTokenValidity = access;
            client.AccessTokenUnit = accessUnit ?? "hours";
        }

        if (request.Int("IdTokenValidity") is { } id)
        {
            client.IdTokenValidity = id;
            client.IdTokenUnit = idUnit ?? "hours";
        }

        if (request.Int("RefreshTokenValidity") is { } refresh)
        {
            client.RefreshTokenValidity = refresh;
            client.RefreshTokenUnit = refreshUnit ?? "days";
        }

        CheckRange(request, "AccessToken", client.AccessTokenValidity, client.AccessTokenUnit, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));
        CheckRange(request, "IdToken", client.IdTokenValidity, client.IdTokenUnit, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));
        CheckRange(request, "RefreshToken", client.RefreshTokenValidity, client.RefreshTokenUnit, TimeSpan.FromMinutes(60), TimeSpan.FromDays(3650));
    }

    private static void CheckRange(RequestReader request, string token, int value, string unit, TimeSpan min, TimeSpan max)
    {
        var span = unit switch
        {
            "seconds" => TimeSpan.FromSeconds(value),
            "minutes" => TimeSpan.FromMinutes(value),
            "hours" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromDays(value),
        };
        if (span < min || span > max)
        {
            throw request.Invalid($"{token} validity must be between {min.TotalMinutes} minutes and {max.TotalDays} days.");
        }
    }

    private static void ApplyOAuth(RequestReader request, PoolState pool, ClientState client)
    {
        var flows = request.Strings("AllowedOAuthFlows") ?? [];
        CognitoRules.AllOf(request, "AllowedOAuthFlows", flows, "code", "implicit", "client_credentials");
        var scopes = request.Strings("AllowedOAuthScopes") ?? [];
        if (scopes.Count > 50)
        {
            throw request.Invalid("A client can have at most 50 allowed OAuth scopes.");
        }

        foreach (var scope in scopes.Where(s => !CognitoRules.StandardScopes.Contains(s)))
        {
            var slash = scope.LastIndexOf('/');
            var known = slash > 0 && pool.ResourceServers.TryGetValue(scope[..slash], out var server)
                && server.Scopes.Any(s => s.Name == scope[(slash + 1)..]);
            if (!known)
            {
                throw new SandboxAwsError("ScopeDoesNotExistException", $"Invalid scope requested: {scope}");
            }
        }

        client.AllowedOAuthFlows = flows;
        client.AllowedOAuthScopes = scopes;
        client.AllowedOAuthFlowsUserPoolClient = request.Bool("AllowedOAuthFlowsUserPoolClient") ?? false;
        client.SupportedIdentityProviders = request.Strings("SupportedIdentityProviders") ?? [];
        client.CallbackUrls = request.Strings("CallbackURLs") ?? [];
        if (client.AllowedOAuthFlowsUserPoolClient && flows.Count == 0)
        {
            throw new SandboxAwsError("InvalidOAuthFlowException", "AllowedOAuthFlows must be specified when AllowedOAuthFlowsUserPoolClient is true.");
        }
    }
}
