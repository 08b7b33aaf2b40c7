using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Deployments.Planning;

/// <summary>Creates the HTTP API, tagged at creation.</summary>
public sealed class CreateApiStep(string apiName)
    : PlanStep<ApiOutput>("create-api", "CreateApi", $"Create HTTP API {apiName}")
{
    protected override async Task<(ApiOutput, MadeResource?)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        var api = await context.HttpApi.CreateApiAsync(new CreateApiRequest
        {
            Name = apiName,
            ProtocolType = "HTTP",
            Description = "Secured by SecureApi",
            Tags = context.Tags,
        }, cancellationToken);
        var id = api.ApiId ?? throw new ProvisioningException("API Gateway created the API but did not return its id.");
        var invokeUrl = api.ApiEndpoint ?? $"https://{id}.execute-api.{context.Spec.Region}.amazonaws.com";
        return (new ApiOutput(id, invokeUrl), new MadeResource(ResourceKind.Api, id, context.ApiArn(id), null, apiName, CreatedByUs: true));
    }
}

/// <summary>Creates the HTTP_PROXY integration (payload format 1.0) every route targets.</summary>
public sealed class CreateIntegrationStep(IntegrationSpec integration, PlanStep<ApiOutput> api)
    : PlanStep<IntegrationOutput>("create-integration", "CreateIntegration", $"Create integration {integration.Method} {integration.Url}", api)
{
    protected override async Task<(IntegrationOutput, MadeResource?)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        var apiId = results.Of(api).ApiId;
        var created = await context.HttpApi.CreateIntegrationAsync(new CreateIntegrationRequest
        {
            ApiId = apiId,
            IntegrationType = "HTTP_PROXY",
            IntegrationMethod = integration.Method,
            IntegrationUri = integration.Url,
            PayloadFormatVersion = "1.0",
        }, cancellationToken);
        var id = created.IntegrationId ?? throw new ProvisioningException("API Gateway created the integration but did not return its id.");
        return (new IntegrationOutput(id), new MadeResource(ResourceKind.Integration, id, null, apiId, integration.Url, CreatedByUs: true));
    }
}

/// <summary>Creates the auto-deploying <c>$default</c> stage, so changes are live without a separate deployment.</summary>
public sealed class CreateStageStep(PlanStep<ApiOutput> api)
    : PlanStep<StageOutput>("create-stage", "CreateStage", $"Create stage {StageName} (auto-deploy)", api)
{
    /// <summary>The stage SecureApi deploys to: it serves the API's base URL.</summary>
    public const string StageName = "$default";

    protected override async Task<(StageOutput, MadeResource?)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        var apiId = results.Of(api).ApiId;
        var stage = await context.HttpApi.CreateStageAsync(new CreateStageRequest
        {
            ApiId = apiId,
            StageName = StageName,
            AutoDeploy = true,
            Tags = context.Tags,
        }, cancellationToken);
        var name = stage.StageName ?? StageName;
        return (new StageOutput(name), new MadeResource(ResourceKind.Stage, name, $"{context.ApiArn(apiId)}/stages/{name}", apiId, name, CreatedByUs: true));
    }
}

/// <summary>Creates the JWT authorizer: issuer computed from region and pool id, audience the app client id.</summary>
public sealed class CreateAuthorizerStep(
    string name, string identitySource, PlanStep<ApiOutput> api, PlanStep<PoolOutput> pool, PlanStep<ClientOutput> client)
    : PlanStep<AuthorizerOutput>("create-authorizer", "CreateAuthorizer", $"Create JWT authorizer {name}", api, pool, client)
{
    protected override async Task<(AuthorizerOutput, MadeResource?)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        var apiId = results.Of(api).ApiId;
        var issuer = CognitoIssuer.For(context.Spec.Region, results.Of(pool).PoolId);
        var audience = results.Of(client).ClientId;
        var created = await context.HttpApi.CreateAuthorizerAsync(new CreateAuthorizerRequest
        {
            ApiId = apiId,
            Name = name,
            AuthorizerType = "JWT",
            IdentitySource = [identitySource],
            JwtConfiguration = new JWTConfiguration { Issuer = issuer, Audience = [audience] },
        }, cancellationToken);
        var id = created.AuthorizerId ?? throw new ProvisioningException("API Gateway created the authorizer but did not return its id.");
        return (new AuthorizerOutput(id, issuer, audience), new MadeResource(ResourceKind.Authorizer, id, null, apiId, name, CreatedByUs: true));
    }
}

/// <summary>
/// Creates one route already protected: <c>authorizationType JWT</c> and the authorizer id are in the create call,
/// so there is never a moment when the route is live without its authorizer.
/// </summary>
public sealed class CreateRouteStep(
    string routeKey, PlanStep<ApiOutput> api, PlanStep<AuthorizerOutput> authorizer, PlanStep<IntegrationOutput> integration)
    : PlanStep<RouteOutput>($"create-route:{routeKey}", "CreateRoute", $"Create route {routeKey} (JWT)", api, authorizer, integration)
{
    public string RouteKey { get; } = routeKey;

    protected override async Task<(RouteOutput, MadeResource?)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        var apiId = results.Of(api).ApiId;
        var route = await context.HttpApi.CreateRouteAsync(new CreateRouteRequest
        {
            ApiId = apiId,
            RouteKey = RouteKey,
            AuthorizationType = "JWT",
            AuthorizerId = results.Of(authorizer).AuthorizerId,
            Target = $"integrations/{results.Of(integration).IntegrationId}",
        }, cancellationToken);
        var id = route.RouteId ?? throw new ProvisioningException($"API Gateway created route {RouteKey} but did not return its id.");
        return (new RouteOutput(id, RouteKey), new MadeResource(ResourceKind.Route, id, null, apiId, RouteKey, CreatedByUs: true));
    }
}
