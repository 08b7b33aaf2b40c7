namespace SecureApi.Provisioning.Deployments.Planning;

/// <summary>The user pool the authorizer trusts (made by this deployment or reused).</summary>
public sealed record PoolOutput(string PoolId);

/// <summary>The new HTTP API and the URL its <c>$default</c> stage serves.</summary>
public sealed record ApiOutput(string ApiId, string InvokeUrl);

/// <summary>The app client whose id is the authorizer's audience.</summary>
public sealed record ClientOutput(string ClientId);

public sealed record IntegrationOutput(string IntegrationId);

public sealed record StageOutput(string StageName);

/// <summary>The JWT authorizer with what it was created with.</summary>
public sealed record AuthorizerOutput(string AuthorizerId, string Issuer, string Audience);

public sealed record RouteOutput(string RouteId, string RouteKey);
