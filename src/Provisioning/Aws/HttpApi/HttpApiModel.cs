namespace SecureApi.Provisioning.Aws.HttpApi;

// Request/response records of the API Gateway v2 operations, named after the operation as the official SDK names them.
// Property names are PascalCase here and camelCase on the wire (restJson1). Path-bound members (ApiId, RouteId, …)
// go into the URL, not the body. Null members are omitted on the wire.

public sealed record Cors
{
    public bool? AllowCredentials { get; init; }
    public List<string>? AllowHeaders { get; init; }
    public List<string>? AllowMethods { get; init; }
    public List<string>? AllowOrigins { get; init; }
    public List<string>? ExposeHeaders { get; init; }
    public int? MaxAge { get; init; }
}

public sealed record JWTConfiguration
{
    public List<string>? Audience { get; init; }
    public string? Issuer { get; init; }
}

public record Api
{
    public string? ApiId { get; init; }
    public string? ApiEndpoint { get; init; }
    public string? Name { get; init; }
    public string? ProtocolType { get; init; }
    public string? RouteSelectionExpression { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
    public Cors? CorsConfiguration { get; init; }
    public bool? DisableExecuteApiEndpoint { get; init; }
    public bool? ApiGatewayManaged { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}

public record Route
{
    public string? RouteId { get; init; }
    public string? RouteKey { get; init; }
    public string? Target { get; init; }
    public string? AuthorizationType { get; init; }
    public string? AuthorizerId { get; init; }
    public List<string>? AuthorizationScopes { get; init; }
    public bool? ApiKeyRequired { get; init; }
    public bool? ApiGatewayManaged { get; init; }
    public string? OperationName { get; init; }
}

public record Authorizer
{
    public string? AuthorizerId { get; init; }
    public string? Name { get; init; }
    public string? AuthorizerType { get; init; }
    public List<string>? IdentitySource { get; init; }
    public JWTConfiguration? JwtConfiguration { get; init; }
}

public record Integration
{
    public string? IntegrationId { get; init; }
    public string? IntegrationType { get; init; }
    public string? IntegrationUri { get; init; }
    public string? IntegrationMethod { get; init; }
    public string? PayloadFormatVersion { get; init; }
    public string? ConnectionType { get; init; }
    public int? TimeoutInMillis { get; init; }
    public string? Description { get; init; }
    public bool? ApiGatewayManaged { get; init; }
}

public record Stage
{
    public string? StageName { get; init; }
    public bool? AutoDeploy { get; init; }
    public string? DeploymentId { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
    public DateTimeOffset? LastUpdatedDate { get; init; }
    public bool? ApiGatewayManaged { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}

// ---- APIs ----
public sealed record CreateApiRequest
{
    public required string Name { get; init; }
    public string ProtocolType { get; init; } = "HTTP";
    public string? Description { get; init; }
    public Cors? CorsConfiguration { get; init; }
    public bool? DisableExecuteApiEndpoint { get; init; }
    public string? RouteSelectionExpression { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}
public sealed record CreateApiResponse : Api;

public sealed record GetApiRequest { public required string ApiId { get; init; } }
public sealed record GetApiResponse : Api;

public sealed record GetApisRequest
{
    public string? MaxResults { get; init; }
    public string? NextToken { get; init; }
}
public sealed record GetApisResponse
{
    public List<Api>? Items { get; init; }
    public string? NextToken { get; init; }
}

public sealed record DeleteApiRequest { public required string ApiId { get; init; } }
public sealed record DeleteApiResponse;

// ---- Routes ----
public sealed record CreateRouteRequest
{
    public required string ApiId { get; init; }
    public required string RouteKey { get; init; }
    /// <summary><c>integrations/{integrationId}</c></summary>
    public string? Target { get; init; }
    /// <summary>NONE, AWS_IAM, CUSTOM or JWT.</summary>
    public string? AuthorizationType { get; init; }
    public string? AuthorizerId { get; init; }
    public List<string>? AuthorizationScopes { get; init; }
    public string? OperationName { get; init; }
}
public sealed record CreateRouteResponse : Route;

public sealed record GetRoutesRequest
{
    public required string ApiId { get; init; }
    public string? MaxResults { get; init; }
    public string? NextToken { get; init; }
}
public sealed record GetRoutesResponse
{
    public List<Route>? Items { get; init; }
    public string? NextToken { get; init; }
}

public sealed record UpdateRouteRequest
{
    public required string ApiId { get; init; }
    public required string RouteId { get; init; }
    public string? RouteKey { get; init; }
    public string? Target { get; init; }
    public string? AuthorizationType { get; init; }
    public string? AuthorizerId { get; init; }
    public List<string>? AuthorizationScopes { get; init; }
}
public sealed record UpdateRouteResponse : Route;

public sealed record DeleteRouteRequest
{
    public required string ApiId { get; init; }
    public required string RouteId { get; init; }
}
public sealed record DeleteRouteResponse;

// ---- Authorizers ----
public sealed record CreateAuthorizerRequest
{
    public required string ApiId { get; init; }
    public required string Name { get; init; }
    /// <summary>JWT or REQUEST.</summary>
    public string AuthorizerType { get; init; } = "JWT";
    public required List<string> IdentitySource { get; init; }
    public JWTConfiguration? JwtConfiguration { get; init; }
}
public sealed record CreateAuthorizerResponse : Authorizer;

public sealed record GetAuthorizersRequest
{
    public required string ApiId { get; init; }
    public string? MaxResults { get; init; }
    public string? NextToken { get; init; }
}
public sealed record GetAuthorizersResponse
{
    public List<Authorizer>? Items { get; init; }
    public string? NextToken { get; init; }
}

public sealed record DeleteAuthorizerRequest
{
    public required string ApiId { get; init; }
    public required string AuthorizerId { get; init; }
}
public sealed record DeleteAuthorizerResponse;

// ---- Integrations ----
public sealed record CreateIntegrationRequest
{
    public required string ApiId { get; init; }
    /// <summary>HTTP_PROXY for an HTTP backend.</summary>
    public required string IntegrationType { get; init; }
    public string? IntegrationUri { get; init; }
    public string? IntegrationMethod { get; init; }
    /// <summary>"1.0" for HTTP_PROXY.</summary>
    public string? PayloadFormatVersion { get; init; }
    public string? ConnectionType { get; init; }
    public int? TimeoutInMillis { get; init; }
    public string? Description { get; init; }
}
public sealed record CreateIntegrationResponse : Integration;

public sealed record GetIntegrationsRequest
{
    public required string ApiId { get; init; }
    public string? MaxResults { get; init; }
    public string? NextToken { get; init; }
}
public sealed record GetIntegrationsResponse
{
    public List<Integration>? Items { get; init; }
    public string? NextToken { get; init; }
}

public sealed record DeleteIntegrationRequest
{
    public required string ApiId { get; init; }
    public required string IntegrationId { get; init; }
}
public sealed record DeleteIntegrationResponse;

// ---- Stages ----
public sealed record CreateStageRequest
{
    public required string ApiId { get; init; }
    public required string StageName { get; init; }
    public bool? AutoDeploy { get; init; }
    public string? Description { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}
public sealed record CreateStageResponse : Stage;

public sealed record GetStagesRequest
{
    public required string ApiId { get; init; }
    public string? MaxResults { get; init; }
    public string? NextToken { get; init; }
}
public sealed record GetStagesResponse
{
    public List<Stage>? Items { get; init; }
    public string? NextToken { get; init; }
}

// ---- Tags ----
public sealed record TagResourceRequest
{
    /// <summary><c>arn:aws:apigateway:{region}::/apis/{apiId}</c>; sent URI-encoded in the path.</summary>
    public required string ResourceArn { get; init; }
    public required Dictionary<string, string> Tags { get; init; }
}
public sealed record TagResourceResponse;

public sealed record GetTagsRequest { public required string ResourceArn { get; init; } }
public sealed record GetTagsResponse { public Dictionary<string, string>? Tags { get; init; } }
