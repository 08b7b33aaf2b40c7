using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Deployments.Planning;

/// <summary>
/// Turns a validated, normalised spec into the plan of AWS calls. For a new pool and API the depth is four:
/// {pool, API} → {client, integration, stage} → authorizer → {routes}.
/// </summary>
public static class PlanBuilder
{
    /// <summary>The plan and the steps whose outputs the deployment record needs.</summary>
    public static BuiltPlan Build(SecureApiSpec spec)
    {
        PlanStep<PoolOutput> pool = spec.UserPool.ExistingPoolId is { } existing
            ? new DescribeUserPoolStep(existing)
            : new CreateUserPoolStep(spec.UserPool.Name ?? spec.Api.Name, spec.UserPool.SignInWith ?? ["email"]);
        var api = new CreateApiStep(spec.Api.Name);
        var client = new CreateUserPoolClientStep(ClientNameOf(spec), spec.AppClient?.GenerateSecret ?? false, pool);
        var integration = new CreateIntegrationStep(spec.Integration, api);
        var stage = new CreateStageStep(api);
        var authorizer = new CreateAuthorizerStep(
            spec.Authorizer?.Name ?? SpecDefaults.AuthorizerName,
            spec.Authorizer?.IdentitySource ?? SpecDefaults.IdentitySource,
            api, pool, client);
        var routes = spec.Routes.Select(key => new CreateRouteStep(key, api, authorizer, integration)).ToList();

        List<PlanStep> steps = [pool, api, client, integration, stage, authorizer, .. routes];
        return new BuiltPlan(new ProvisionPlan(steps), pool, api, authorizer);
    }

    /// <summary>The name the app client is created with — what recovery looks for when the answer never arrived.</summary>
    internal static string ClientNameOf(SecureApiSpec spec) => spec.AppClient?.Name ?? SpecDefaults.ClientNameFor(spec.Api.Name);
}

/// <summary>A plan plus typed handles on the outputs the deployment row is filled from.</summary>
public sealed record BuiltPlan(
    ProvisionPlan Plan, PlanStep<PoolOutput> Pool, PlanStep<ApiOutput> Api, PlanStep<AuthorizerOutput> Authorizer);
