namespace SecureApi.Provisioning.Aws.Cognito;

// Request/response records of the Cognito IdP operations, named after the operation as the official SDK names them.
// Property names are the wire member names (PascalCase, awsJson1.1). Null members are omitted on the wire.

public sealed record AttributeType
{
    public string? Name { get; init; }
    public string? Value { get; init; }
}

public sealed record PasswordPolicyType
{
    public int? MinimumLength { get; init; }
    public bool? RequireUppercase { get; init; }
    public bool? RequireLowercase { get; init; }
    public bool? RequireNumbers { get; init; }
    public bool? RequireSymbols { get; init; }
    public int? TemporaryPasswordValidityDays { get; init; }
}

public sealed record UserPoolPolicyType
{
    public PasswordPolicyType? PasswordPolicy { get; init; }
}

public sealed record AdminCreateUserConfigType
{
    public bool? AllowAdminCreateUserOnly { get; init; }
}

public sealed record UserPoolType
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Arn { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public DateTimeOffset? LastModifiedDate { get; init; }
    public UserPoolPolicyType? Policies { get; init; }
    public List<string>? UsernameAttributes { get; init; }
    public List<string>? AliasAttributes { get; init; }
    public List<string>? AutoVerifiedAttributes { get; init; }
    public string? MfaConfiguration { get; init; }
    public string? DeletionProtection { get; init; }
    public string? Domain { get; init; }
    public int? EstimatedNumberOfUsers { get; init; }
    public Dictionary<string, string>? UserPoolTags { get; init; }
}

public sealed record UserPoolDescriptionType
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public DateTimeOffset? LastModifiedDate { get; init; }
}

public sealed record TokenValidityUnitsType
{
    public string? AccessToken { get; init; }
    public string? IdToken { get; init; }
    public string? RefreshToken { get; init; }
}

public sealed record UserPoolClientType
{
    public string? UserPoolId { get; init; }
    public string? ClientName { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public DateTimeOffset? LastModifiedDate { get; init; }
    public int? RefreshTokenValidity { get; init; }
    public int? AccessTokenValidity { get; init; }
    public int? IdTokenValidity { get; init; }
    public TokenValidityUnitsType? TokenValidityUnits { get; init; }
    public List<string>? ExplicitAuthFlows { get; init; }
    public List<string>? AllowedOAuthFlows { get; init; }
    public List<string>? AllowedOAuthScopes { get; init; }
    public bool? AllowedOAuthFlowsUserPoolClient { get; init; }
    public List<string>? SupportedIdentityProviders { get; init; }
    public List<string>? CallbackURLs { get; init; }
    public string? PreventUserExistenceErrors { get; init; }
}

/// <summary>What ListUserPoolClients says of a client: no dates, no settings (DescribeUserPoolClient has those).</summary>
public sealed record UserPoolClientDescription
{
    public string? ClientId { get; init; }
    public string? UserPoolId { get; init; }
    public string? ClientName { get; init; }
}

public sealed record UserType
{
    public string? Username { get; init; }
    public List<AttributeType>? Attributes { get; init; }
    public DateTimeOffset? UserCreateDate { get; init; }
    public DateTimeOffset? UserLastModifiedDate { get; init; }
    public bool? Enabled { get; init; }
    public string? UserStatus { get; init; }
}

public sealed record AuthenticationResultType
{
    public string? AccessToken { get; init; }
    public int? ExpiresIn { get; init; }
    public string? TokenType { get; init; }
    public string? RefreshToken { get; init; }
    public string? IdToken { get; init; }
}

public sealed record ResourceServerScopeType
{
    public string? ScopeName { get; init; }
    public string? ScopeDescription { get; init; }
}

public sealed record ResourceServerType
{
    public string? UserPoolId { get; init; }
    public string? Identifier { get; init; }
    public string? Name { get; init; }
    public List<ResourceServerScopeType>? Scopes { get; init; }
}

public sealed record CreateUserPoolRequest
{
    public required string PoolName { get; init; }
    public UserPoolPolicyType? Policies { get; init; }
    public string? DeletionProtection { get; init; }
    public List<string>? UsernameAttributes { get; init; }
    public List<string>? AliasAttributes { get; init; }
    public List<string>? AutoVerifiedAttributes { get; init; }
    public string? MfaConfiguration { get; init; }
    public AdminCreateUserConfigType? AdminCreateUserConfig { get; init; }
    public Dictionary<string, string>? UserPoolTags { get; init; }
}
public sealed record CreateUserPoolResponse { public UserPoolType? UserPool { get; init; } }

public sealed record DescribeUserPoolRequest { public required string UserPoolId { get; init; } }
public sealed record DescribeUserPoolResponse { public UserPoolType? UserPool { get; init; } }

public sealed record ListUserPoolsRequest
{
    public int MaxResults { get; init; } = 60;
    public string? NextToken { get; init; }
}
public sealed record ListUserPoolsResponse
{
    public List<UserPoolDescriptionType>? UserPools { get; init; }
    public string? NextToken { get; init; }
}

public sealed record DeleteUserPoolRequest { public required string UserPoolId { get; init; } }
public sealed record DeleteUserPoolResponse;

public sealed record CreateUserPoolClientRequest
{
    public required string UserPoolId { get; init; }
    public required string ClientName { get; init; }
    public bool? GenerateSecret { get; init; }
    public int? RefreshTokenValidity { get; init; }
    public int? AccessTokenValidity { get; init; }
    public int? IdTokenValidity { get; init; }
    public TokenValidityUnitsType? TokenValidityUnits { get; init; }
    public List<string>? ExplicitAuthFlows { get; init; }
    public List<string>? AllowedOAuthFlows { get; init; }
    public List<string>? AllowedOAuthScopes { get; init; }
    public bool? AllowedOAuthFlowsUserPoolClient { get; init; }
    public List<string>? SupportedIdentityProviders { get; init; }
    public List<string>? CallbackURLs { get; init; }
    public string? PreventUserExistenceErrors { get; init; }
}
public sealed record CreateUserPoolClientResponse { public UserPoolClientType? UserPoolClient { get; init; } }

public sealed record DescribeUserPoolClientRequest
{
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
}
public sealed record DescribeUserPoolClientResponse { public UserPoolClientType? UserPoolClient { get; init; } }

public sealed record ListUserPoolClientsRequest
{
    public required string UserPoolId { get; init; }
    /// <summary>1–60; AWS's default when absent.</summary>
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
}
public sealed record ListUserPoolClientsResponse
{
    public List<UserPoolClientDescription>? UserPoolClients { get; init; }
    public string? NextToken { get; init; }
}

public sealed record DeleteUserPoolClientRequest
{
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
}
public sealed record DeleteUserPoolClientResponse;

public sealed record AdminCreateUserRequest
{
    public required string UserPoolId { get; init; }
    public required string Username { get; init; }
    public List<AttributeType>? UserAttributes { get; init; }
    public string? TemporaryPassword { get; init; }
    /// <summary><c>SUPPRESS</c> or <c>RESEND</c>.</summary>
    public string? MessageAction { get; init; }
    public List<string>? DesiredDeliveryMediums { get; init; }
}
public sealed record AdminCreateUserResponse { public UserType? User { get; init; } }

public sealed record AdminSetUserPasswordRequest
{
    public required string UserPoolId { get; init; }
    public required string Username { get; init; }
    public required string Password { get; init; }
    public bool? Permanent { get; init; }

    /// <summary>Never print the password.</summary>
    public override string ToString() => $"AdminSetUserPasswordRequest {{ UserPoolId = {UserPoolId}, Username = {Username}, Password = ***, Permanent = {Permanent} }}";
}
public sealed record AdminSetUserPasswordResponse;

public sealed record AdminDeleteUserRequest
{
    public required string UserPoolId { get; init; }
    public required string Username { get; init; }
}
public sealed record AdminDeleteUserResponse;

public sealed record AdminInitiateAuthRequest
{
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    /// <summary>e.g. <c>ADMIN_USER_PASSWORD_AUTH</c>, <c>REFRESH_TOKEN_AUTH</c>.</summary>
    public required string AuthFlow { get; init; }
    /// <summary>USERNAME, PASSWORD, REFRESH_TOKEN, SECRET_HASH. Contains secrets: never logged.</summary>
    public Dictionary<string, string>? AuthParameters { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
    public string? Session { get; init; }

    public override string ToString() => $"AdminInitiateAuthRequest {{ UserPoolId = {UserPoolId}, ClientId = {ClientId}, AuthFlow = {AuthFlow} }}";
}
public sealed record AdminInitiateAuthResponse
{
    public string? ChallengeName { get; init; }
    public string? Session { get; init; }
    public Dictionary<string, string>? ChallengeParameters { get; init; }
    public AuthenticationResultType? AuthenticationResult { get; init; }
}

public sealed record InitiateAuthRequest
{
    public required string ClientId { get; init; }
    /// <summary>e.g. <c>USER_PASSWORD_AUTH</c>, <c>REFRESH_TOKEN_AUTH</c>.</summary>
    public required string AuthFlow { get; init; }
    /// <summary>USERNAME, PASSWORD, REFRESH_TOKEN, SECRET_HASH. Contains secrets: never logged.</summary>
    public Dictionary<string, string>? AuthParameters { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
    public string? Session { get; init; }

    public override string ToString() => $"InitiateAuthRequest {{ ClientId = {ClientId}, AuthFlow = {AuthFlow} }}";
}
public sealed record InitiateAuthResponse
{
    public string? ChallengeName { get; init; }
    public string? Session { get; init; }
    public Dictionary<string, string>? ChallengeParameters { get; init; }
    public AuthenticationResultType? AuthenticationResult { get; init; }
}

public sealed record CreateResourceServerRequest
{
    public required string UserPoolId { get; init; }
    public required string Identifier { get; init; }
    public required string Name { get; init; }
    public List<ResourceServerScopeType>? Scopes { get; init; }
}
public sealed record CreateResourceServerResponse { public ResourceServerType? ResourceServer { get; init; } }

public sealed record TagResourceRequest
{
    public required string ResourceArn { get; init; }
    public required Dictionary<string, string> Tags { get; init; }
}
public sealed record TagResourceResponse;

public sealed record ListTagsForResourceRequest { public required string ResourceArn { get; init; } }
public sealed record ListTagsForResourceResponse { public Dictionary<string, string>? Tags { get; init; } }
