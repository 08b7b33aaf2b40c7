using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments.Planning;

namespace SecureApi.Provisioning.Deployments.Recovery;

/// <summary>
/// Finds the API and the user pool a deployment created by their <c>secureapi:deployment</c> tag — how a resource
/// whose id never reached the records (the process died between the call and the write) is found again.
/// App clients, routes, integrations and authorizers cannot be tagged; they die with their API or pool — except an app
/// client in a pool the person chose, which <see cref="UntaggedClientFinder"/> looks for.
/// </summary>
internal static class TaggedResourceFinder
{
    public static async Task<List<MadeResource>> FindApisAsync(IAwsClients aws, string region, Guid deploymentId, CancellationToken cancellationToken)
    {
        var found = new List<MadeResource>();
        await foreach (var api in aws.HttpApi(region).GetAllApisAsync(cancellationToken))
        {
            if (api.ApiId is { } id && DeploymentTags.IsTaggedFor(api.Tags, deploymentId))
            {
                found.Add(new MadeResource(ResourceKind.Api, id, $"arn:aws:apigateway:{region}::/apis/{id}", null, api.Name, CreatedByUs: true));
            }
        }

        return found;
    }

    /// <summary>Pools are listed without tags, so only those named as the spec named the pool are described.</summary>
    public static async Task<List<MadeResource>> FindPoolsAsync(
        IAwsClients aws, string region, Guid deploymentId, string? poolName, CancellationToken cancellationToken)
    {
        var cognito = aws.Cognito(region);
        var candidates = new List<string>();
        await foreach (var pool in cognito.ListAllUserPoolsAsync(cancellationToken))
        {
            if (pool.Id is { } id && (poolName is null || pool.Name == poolName))
            {
                candidates.Add(id);
            }
        }

        var found = new List<MadeResource>();
        foreach (var id in candidates)
        {
            try
            {
                var pool = (await cognito.DescribeUserPoolAsync(new() { UserPoolId = id }, cancellationToken)).UserPool;
                if (DeploymentTags.IsTaggedFor(pool?.UserPoolTags, deploymentId))
                {
                    found.Add(new MadeResource(ResourceKind.UserPool, id, pool?.Arn, null, pool?.Name, CreatedByUs: true));
                }
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Deleted between the list and the describe: nothing to clean up.
            }
        }

        return found;
    }
}
