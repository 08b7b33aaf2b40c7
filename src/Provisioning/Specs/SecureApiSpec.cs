namespace SecureApi.Provisioning.Specs;

/// <summary>What a person asks for: "secure this API". Validated by <c>SpecValidator</c> before any AWS call.</summary>
public sealed record SecureApiSpec
{
    /// <summary>AWS region, e.g. <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";
    public ApiSpec Api { get; init; } = new();
    /// <summary>1 to 50 route keys such as <c>GET /users/{userId}</c>.</summary>
    public List<string> Routes { get; init; } = [];
    public UserPoolSpec UserPool { get; init; } = new();
    /// <summary>Optional; the client name defaults from the API name.</summary>
    public AppClientSpec? AppClient { get; init; }
    /// <summary>Optional; name and identity source have defaults. Issuer and audience are computed, never typed.</summary>
    public AuthorizerSpec? Authorizer { get; init; }
    public IntegrationSpec Integration { get; init; } = new();
    /// <summary>When a create fails: false (default) rolls back what was made (RolledBack); true keeps it (Failed).</summary>
    public bool KeepOnFailure { get; init; }
}

public sealed record ApiSpec
{
    public string Name { get; init; } = "";
}

public sealed record UserPoolSpec
{
    /// <summary>Name of a new pool. Exclusive with <see cref="ExistingPoolId"/>.</summary>
    public string? Name { get; init; }
    /// <summary>Sign-in identifiers of a new pool: any of <c>email</c>, <c>phone</c>, <c>username</c>.</summary>
    public List<string>? SignInWith { get; init; }
    /// <summary>Reuse an existing pool (e.g. <c>us-east-1_AbC123xyZ</c>) instead of creating one.</summary>
    public string? ExistingPoolId { get; init; }
}

public sealed record AppClientSpec
{
    public string? Name { get; init; }
    public bool GenerateSecret { get; init; }
}

public sealed record AuthorizerSpec
{
    public string? Name { get; init; }
    public string? IdentitySource { get; init; }
}

public sealed record IntegrationSpec
{
    /// <summary>HTTP method the integration calls with, or <c>ANY</c> to pass the caller's method through.</summary>
    public string Method { get; init; } = "ANY";
    public string Url { get; init; } = "";
}
