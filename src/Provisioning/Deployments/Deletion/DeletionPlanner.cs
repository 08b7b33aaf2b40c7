using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Deletion;

/// <summary>One delete call, the resources it removes (a parent takes its children with it) and what must go first.</summary>
public sealed record DeleteAction(
    string Key,
    string Operation,
    string Title,
    DeploymentResource Target,
    IReadOnlyList<DeploymentResource> Covers,
    IReadOnlyList<DeleteAction> After,
    Func<IAwsClients, string, CancellationToken, Task> SendAsync);

/// <summary>A recorded resource a delete leaves in place, and why.</summary>
public sealed record KeptRecord(DeploymentResource Resource, string Reason);

/// <summary>The reverse plan: calls with their order, and what is kept.</summary>
public sealed record DeletionPlan(IReadOnlyList<DeleteAction> Actions, IReadOnlyList<KeptRecord> Kept)
{
    /// <summary>Every resource the plan removes, directly or with its parent.</summary>
    public IEnumerable<DeploymentResource> WillDelete => Actions.SelectMany(a => a.Covers);
}

/// <summary>
/// Builds the reverse plan of a deployment from its records. Only what this deployment created is removed; a pool it
/// did not create, or one another live deployment uses, is kept. A parent we own is deleted whole (AWS removes its
/// children with it), so owning both the API and the pool costs two parallel calls; otherwise children go first:
/// routes → authorizer / integration → API, app clients → pool.
/// </summary>
public static class DeletionPlanner
{
    /// <summary>Plans the delete of <paramref name="resources"/> (the live rows of one deployment).</summary>
    /// <param name="resources">Recorded resources not yet deleted.</param>
    /// <param name="poolUsedBy">For a pool id, the name of another live deployment using it, or null.</param>
    public static DeletionPlan Plan(IReadOnlyList<DeploymentResource> resources, Func<string, string?> poolUsedBy)
    {
        var alive = resources.Where(r => r.DeletedAt is null).ToList();
        var actions = new List<DeleteAction>();
        var kept = new List<KeptRecord>();
        var covered = new HashSet<DeploymentResource>();

        // Parents first: decide which are deleted whole, so their children need no call of their own.
        foreach (var api in alive.Where(r => r.Kind == ResourceKind.Api))
        {
            if (!api.CreatedByUs)
            {
                kept.Add(new KeptRecord(api, "Not created by SecureApi."));
                continue;
            }

            var children = alive.Where(r => r.ParentId == api.AwsId && r.Kind is not (ResourceKind.UserPoolClient or ResourceKind.TestUser)).ToList();
            actions.Add(Action("delete-api", "DeleteApi", $"Delete HTTP API {api.Name ?? api.AwsId}", api, [api, .. children], [],
                (aws, region, ct) => aws.HttpApi(region).DeleteApiAsync(new() { ApiId = api.AwsId }, ct)));
            covered.UnionWith([api, .. children]);
        }

        foreach (var pool in alive.Where(r => r.Kind == ResourceKind.UserPool))
        {
            covered.Add(pool);
            if (!pool.CreatedByUs)
            {
                kept.Add(new KeptRecord(pool, "Not created by SecureApi: an existing pool this deployment reused is never deleted."));
                continue;
            }

            if (poolUsedBy(pool.AwsId) is { } other)
            {
                kept.Add(new KeptRecord(pool, $"Still used by the live deployment '{other}'."));
                continue;
            }

            var members = alive.Where(r => r.ParentId == pool.AwsId && r.Kind is ResourceKind.UserPoolClient or ResourceKind.TestUser).ToList();
            actions.Add(Action("delete-user-pool", "DeleteUserPool", $"Delete user pool {pool.Name ?? pool.AwsId}", pool, [pool, .. members], [],
                (aws, region, ct) => aws.Cognito(region).DeleteUserPoolAsync(new() { UserPoolId = pool.AwsId }, ct)));
            covered.UnionWith(members);
        }

        // Children whose parent stays: one call each, routes before what they reference.
        var routeActions = new List<DeleteAction>();
        foreach (var route in alive.Where(r => r.Kind == ResourceKind.Route && !covered.Contains(r) && r.CreatedByUs))
        {
            routeActions.Add(Action($"delete-route:{route.Name}", "DeleteRoute", $"Delete route {route.Name}", route, [route], [],
                (aws, region, ct) => aws.HttpApi(region).DeleteRouteAsync(new() { ApiId = route.ParentId!, RouteId = route.AwsId }, ct)));
        }

        actions.AddRange(routeActions);
        foreach (var child in alive.Where(r => !covered.Contains(r) && r.Kind != ResourceKind.Route))
        {
            if (!child.CreatedByUs)
            {
                kept.Add(new KeptRecord(child, "Not created by SecureApi."));
                continue;
            }

            var after = routeActions.Where(a => a.Target.ParentId == child.ParentId).ToList();
            var action = child.Kind switch
            {
                ResourceKind.Authorizer => Action($"delete-authorizer:{child.AwsId}", "DeleteAuthorizer", $"Delete authorizer {child.Name}", child, [child], after,
                    (aws, region, ct) => aws.HttpApi(region).DeleteAuthorizerAsync(new() { ApiId = child.ParentId!, AuthorizerId = child.AwsId }, ct)),
                ResourceKind.Integration => Action($"delete-integration:{child.AwsId}", "DeleteIntegration", $"Delete integration {child.Name}", child, [child], after,
                    (aws, region, ct) => aws.HttpApi(region).DeleteIntegrationAsync(new() { ApiId = child.ParentId!, IntegrationId = child.AwsId }, ct)),
                ResourceKind.UserPoolClient => Action($"delete-app-client:{child.AwsId}", "DeleteUserPoolClient", $"Delete app client {child.Name}", child, [child], [],
                    (aws, region, ct) => aws.Cognito(region).DeleteUserPoolClientAsync(new() { UserPoolId = child.ParentId!, ClientId = child.AwsId }, ct)),
                ResourceKind.TestUser => Action($"delete-test-user:{child.AwsId}", "AdminDeleteUser", $"Delete test user {child.Name}", child, [child], [],
                    (aws, region, ct) => aws.Cognito(region).AdminDeleteUserAsync(new() { UserPoolId = child.ParentId!, Username = child.AwsId }, ct)),
                _ => null,
            };
            if (action is null)
            {
                // API Gateway removes a stage only with its API (SecureApi has no DeleteStage call).
                kept.Add(new KeptRecord(child, "Removed only together with its API."));
            }
            else
            {
                actions.Add(action);
            }
        }

        return new DeletionPlan(actions, kept);
    }

    private static DeleteAction Action(string key, string operation, string title, DeploymentResource target,
        IReadOnlyList<DeploymentResource> covers, IReadOnlyList<DeleteAction> after, Func<IAwsClients, string, CancellationToken, Task> send) =>
        new(key, operation, title, target, covers, after, send);
}
