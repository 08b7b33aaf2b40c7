using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments.Planning;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Deployments.Drift;

/// <summary>
/// Compares a deployment's recorded resources with AWS now: each still exists, the authorizer still has the issuer,
/// audience and identity source it was made with, every route is still JWT-protected by our authorizer, the stage is
/// there. Returns one plain sentence per difference (empty when nothing drifted).
/// </summary>
internal static class DriftChecker
{
    public static async Task<IReadOnlyList<string>> CheckAsync(Deployment deployment, SecureApiSpec spec, IAwsClients aws, CancellationToken cancellationToken)
    {
        var alive = deployment.Resources.Where(r => r.DeletedAt is null).ToList();
        var checks = new List<Task<IEnumerable<string>>>();
        foreach (var pool in alive.Where(r => r.Kind == ResourceKind.UserPool))
        {
            checks.Add(ExistsAsync($"The user pool {pool.AwsId} no longer exists.",
                () => aws.Cognito(deployment.Region).DescribeUserPoolAsync(new() { UserPoolId = pool.AwsId }, cancellationToken)));
        }

        foreach (var client in alive.Where(r => r.Kind == ResourceKind.UserPoolClient))
        {
            checks.Add(ExistsAsync($"The app client {client.Name} ({client.AwsId}) no longer exists.",
                () => aws.Cognito(deployment.Region).DescribeUserPoolClientAsync(new() { UserPoolId = client.ParentId!, ClientId = client.AwsId }, cancellationToken)));
        }

        foreach (var api in alive.Where(r => r.Kind == ResourceKind.Api))
        {
            checks.Add(CheckApiAsync(deployment, spec, api, alive.Where(r => r.ParentId == api.AwsId).ToList(), aws, cancellationToken));
        }

        var differences = await Task.WhenAll(checks);
        return [.. differences.SelectMany(d => d)];
    }

    private static async Task<IEnumerable<string>> ExistsAsync(string missing, Func<Task> describe)
    {
        try
        {
            await describe();
            return [];
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return [missing];
        }
    }

    private static async Task<IEnumerable<string>> CheckApiAsync(
        Deployment deployment, SecureApiSpec spec, DeploymentResource api, List<DeploymentResource> children, IAwsClients aws,
        CancellationToken cancellationToken)
    {
        var client = aws.HttpApi(deployment.Region);
        try
        {
            await client.GetApiAsync(new() { ApiId = api.AwsId }, cancellationToken);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return [$"The HTTP API {api.Name} ({api.AwsId}) no longer exists."];
        }

        var routesTask = client.GetAllRoutesAsync(api.AwsId, cancellationToken).ToListAsync(cancellationToken).AsTask();
        var authorizersTask = client.GetAllAuthorizersAsync(api.AwsId, cancellationToken).ToListAsync(cancellationToken).AsTask();
        var integrationsTask = client.GetAllIntegrationsAsync(api.AwsId, cancellationToken).ToListAsync(cancellationToken).AsTask();
        var stagesTask = client.GetAllStagesAsync(api.AwsId, cancellationToken).ToListAsync(cancellationToken).AsTask();
        await Task.WhenAll(routesTask, authorizersTask, integrationsTask, stagesTask);

        var differences = new List<string>();
        var authorizerRecord = children.FirstOrDefault(c => c.Kind == ResourceKind.Authorizer);
        if (authorizerRecord is not null)
        {
            var authorizer = authorizersTask.Result.FirstOrDefault(a => a.AuthorizerId == authorizerRecord.AwsId);
            if (authorizer is null)
            {
                differences.Add($"The authorizer {authorizerRecord.Name} ({authorizerRecord.AwsId}) no longer exists.");
            }
            else
            {
                if (authorizer.JwtConfiguration?.Issuer != deployment.Issuer)
                {
                    differences.Add($"The authorizer's issuer is '{authorizer.JwtConfiguration?.Issuer}', expected '{deployment.Issuer}'.");
                }

                var audience = authorizer.JwtConfiguration?.Audience ?? [];
                if (audience.Count != 1 || audience[0] != deployment.Audience)
                {
                    differences.Add($"The authorizer's audience is [{string.Join(", ", audience)}], expected [{deployment.Audience}].");
                }

                var identitySource = spec.Authorizer?.IdentitySource ?? SpecDefaults.IdentitySource;
                var actualSource = authorizer.IdentitySource ?? [];
                if (actualSource.Count != 1 || actualSource[0] != identitySource)
                {
                    differences.Add($"The authorizer reads the token from [{string.Join(", ", actualSource)}], expected [{identitySource}].");
                }
            }
        }

        foreach (var routeRecord in children.Where(c => c.Kind == ResourceKind.Route))
        {
            var route = routesTask.Result.FirstOrDefault(r => r.RouteId == routeRecord.AwsId);
            if (route is null)
            {
                differences.Add($"The route {routeRecord.Name} no longer exists.");
            }
            else if (route.AuthorizationType != "JWT")
            {
                differences.Add($"The route {routeRecord.Name} is no longer protected: its authorization is {route.AuthorizationType ?? "NONE"}, expected JWT.");
            }
            else if (route.AuthorizerId != authorizerRecord?.AwsId)
            {
                differences.Add($"The route {routeRecord.Name} uses the authorizer {route.AuthorizerId}, expected {authorizerRecord?.AwsId}.");
            }
        }

        foreach (var integration in children.Where(c => c.Kind == ResourceKind.Integration))
        {
            if (integrationsTask.Result.All(i => i.IntegrationId != integration.AwsId))
            {
                differences.Add($"The integration to {integration.Name} no longer exists.");
            }
        }

        foreach (var stage in children.Where(c => c.Kind == ResourceKind.Stage))
        {
            if (stagesTask.Result.All(s => s.StageName != stage.AwsId))
            {
                differences.Add($"The stage {stage.AwsId} no longer exists: the API is not deployed.");
            }
        }

        return differences;
    }
}
