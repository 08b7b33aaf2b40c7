using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Portal.Tests.Fakes;

/// <summary>Sample deployments as the service would describe them.</summary>
public static class SampleDeployments
{
    public static SecureApiSpec Spec(string name = "users-api") => new()
    {
        Region = "eu-west-1",
        Api = new ApiSpec { Name = name },
        Routes = ["GET /users/{userId}"],
        UserPool = new UserPoolSpec { Name = "users-api-users", SignInWith = ["email"] },
        Authorizer = new AuthorizerSpec { Name = "CognitoUserAuth", IdentitySource = "$request.header.Authorization" },
        Integration = new IntegrationSpec { Method = "ANY", Url = "https://backend.example/users" },
    };

    public static DeploymentDetails New(string name, DeploymentState state, SecureApiSpec? spec = null) => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        State = state,
        Region = spec?.Region ?? "eu-west-1",
        Spec = spec ?? Spec(name),
        OwnerId = "local",
        OwnerName = "Local admin",
        CreatedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero),
    };

    /// <summary>A finished create: every resource made, issuer and audience known.</summary>
    public static DeploymentDetails Active(string name = "users-api") => New(name, DeploymentState.Active) with
    {
        InvokeUrl = "https://a1b2c3.execute-api.eu-west-1.amazonaws.com",
        UserPoolId = "eu-west-1_Pool123",
        ClientId = "client123abc",
        ApiId = "a1b2c3",
        AuthorizerId = "auth77",
        Issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool123",
        Audience = "client123abc",
        Routes = [new RouteInfo("GET /users/{userId}", "route1")],
        Resources =
        [
            new ResourceInfo(ResourceKind.UserPool, "eu-west-1_Pool123", null, "users-api-users", true, false),
            new ResourceInfo(ResourceKind.UserPoolClient, "client123abc", null, "users-api-client", true, false),
            new ResourceInfo(ResourceKind.Api, "a1b2c3", null, name, true, false),
            new ResourceInfo(ResourceKind.Authorizer, "auth77", null, "CognitoUserAuth", true, false),
        ],
        Journal =
        [
            Step("Create the user pool", "CreateUserPool", StepState.Succeeded, "eu-west-1_Pool123"),
            Step("Create the HTTP API", "CreateApi", StepState.Succeeded, "a1b2c3"),
        ],
    };

    public static JournalInfo Step(string step, string operation, StepState state, string? resourceId = null, string? error = null) =>
        new(step, operation, state, new DateTimeOffset(2026, 11, 20, 9, 30, 1, TimeSpan.Zero),
            state == StepState.Intent ? null : new DateTimeOffset(2026, 11, 20, 9, 30, 2, TimeSpan.Zero), null, resourceId, error);
}
