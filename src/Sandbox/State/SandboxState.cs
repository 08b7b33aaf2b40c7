namespace SecureApi.Sandbox.State;

/// <summary>
/// Everything the Sandbox knows, in memory. One coarse lock (<see cref="Gate"/>) guards it: the Sandbox is a test double
/// and a local tool, correctness over throughput. Hold the lock only while reading or changing state, never while
/// waiting (latency injection, forwarding).
/// </summary>
public sealed class SandboxState
{
    public object Gate { get; } = new();

    /// <summary>User pools by pool id.</summary>
    public Dictionary<string, PoolState> Pools { get; } = new(StringComparer.Ordinal);

    /// <summary>HTTP APIs by api id.</summary>
    public Dictionary<string, ApiState> Apis { get; } = new(StringComparer.Ordinal);
}

public sealed class PoolState
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Region { get; init; }
    public required string Arn { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastModifiedAt { get; set; }
    public List<string> UsernameAttributes { get; set; } = [];
    public List<string> AliasAttributes { get; set; } = [];
    public List<string> AutoVerifiedAttributes { get; set; } = [];
    public int PasswordMinimumLength { get; set; } = 8;
    public bool RequireUppercase { get; set; } = true;
    public bool RequireLowercase { get; set; } = true;
    public bool RequireNumbers { get; set; } = true;
    public bool RequireSymbols { get; set; } = true;
    public string MfaConfiguration { get; set; } = "OFF";
    public string DeletionProtection { get; set; } = "INACTIVE";
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ClientState> Clients { get; } = new(StringComparer.Ordinal);
    /// <summary>Users by username (case-sensitive as stored; lookups by the pool's rules).</summary>
    public Dictionary<string, UserState> Users { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ResourceServerState> ResourceServers { get; } = new(StringComparer.Ordinal);

    /// <summary>The pool's RSA signing key (private JWK JSON, with its <c>kid</c>); made on first need by the token issuer.</summary>
    public string? SigningKeyJwk { get; set; }
}

public sealed class ClientState
{
    public required string ClientId { get; init; }
    public required string ClientName { get; set; }
    public required string UserPoolId { get; init; }
    public string? ClientSecret { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastModifiedAt { get; set; }
    public List<string> ExplicitAuthFlows { get; set; } = [];
    public List<string> AllowedOAuthFlows { get; set; } = [];
    public List<string> AllowedOAuthScopes { get; set; } = [];
    public bool AllowedOAuthFlowsUserPoolClient { get; set; }
    public List<string> SupportedIdentityProviders { get; set; } = [];
    public List<string> CallbackUrls { get; set; } = [];
    /// <summary>Token validities as sent, with their units (AWS defaults: access/id 60 minutes, refresh 30 days).</summary>
    public int AccessTokenValidity { get; set; } = 60;
    public int IdTokenValidity { get; set; } = 60;
    public int RefreshTokenValidity { get; set; } = 30;
    public string AccessTokenUnit { get; set; } = "minutes";
    public string IdTokenUnit { get; set; } = "minutes";
    public string RefreshTokenUnit { get; set; } = "days";
    public string? PreventUserExistenceErrors { get; set; }
}

public sealed class UserState
{
    public required string Username { get; init; }
    /// <summary>Immutable <c>sub</c> (a GUID, as Cognito's).</summary>
    public required string Sub { get; init; }
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
    /// <summary>FORCE_CHANGE_PASSWORD, CONFIRMED, …</summary>
    public string Status { get; set; } = "FORCE_CHANGE_PASSWORD";
    public bool Enabled { get; set; } = true;
    /// <summary>Held in memory only; never logged.</summary>
    public string? Password { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastModifiedAt { get; set; }
    /// <summary>Refresh tokens issued to this user (opaque strings) with their client and expiry.</summary>
    public Dictionary<string, RefreshTokenState> RefreshTokens { get; } = new(StringComparer.Ordinal);
}

public sealed record RefreshTokenState(string ClientId, DateTimeOffset ExpiresAt);

public sealed class ResourceServerState
{
    public required string Identifier { get; init; }
    public required string Name { get; set; }
    public List<(string Name, string Description)> Scopes { get; set; } = [];
}

public sealed class ApiState
{
    public required string ApiId { get; init; }
    public required string Name { get; set; }
    public required string Region { get; init; }
    /// <summary>Loopback URL the data plane serves the API at (<c>{sandbox}/execute-api/{apiId}</c>).</summary>
    public required string ApiEndpoint { get; init; }
    public string ProtocolType { get; init; } = "HTTP";
    public string RouteSelectionExpression { get; set; } = "$request.method $request.path";
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public CorsState? Cors { get; set; }
    public bool DisableExecuteApiEndpoint { get; set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, RouteState> Routes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AuthorizerState> Authorizers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, IntegrationState> Integrations { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, StageState> Stages { get; } = new(StringComparer.Ordinal);
}

public sealed class CorsState
{
    public bool? AllowCredentials { get; set; }
    public List<string> AllowHeaders { get; set; } = [];
    public List<string> AllowMethods { get; set; } = [];
    public List<string> AllowOrigins { get; set; } = [];
    public List<string> ExposeHeaders { get; set; } = [];
    public int? MaxAge { get; set; }
}

public sealed class RouteState
{
    public required string RouteId { get; init; }
    public required string RouteKey { get; set; }
    /// <summary><c>integrations/{integrationId}</c> or null.</summary>
    public string? Target { get; set; }
    public string AuthorizationType { get; set; } = "NONE";
    public string? AuthorizerId { get; set; }
    public List<string> AuthorizationScopes { get; set; } = [];
    public bool ApiKeyRequired { get; set; }
    public string? OperationName { get; set; }
}

public sealed class AuthorizerState
{
    public required string AuthorizerId { get; init; }
    public required string Name { get; set; }
    public string AuthorizerType { get; set; } = "JWT";
    public List<string> IdentitySource { get; set; } = [];
    public string? Issuer { get; set; }
    public List<string> Audience { get; set; } = [];
}

public sealed class IntegrationState
{
    public required string IntegrationId { get; init; }
    public required string IntegrationType { get; set; }
    public string? IntegrationUri { get; set; }
    public string? IntegrationMethod { get; set; }
    public string PayloadFormatVersion { get; set; } = "1.0";
    public string ConnectionType { get; set; } = "INTERNET";
    public int TimeoutInMillis { get; set; } = 30000;
    public string? Description { get; set; }
}

public sealed class StageState
{
    public required string StageName { get; init; }
    public bool AutoDeploy { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
}
