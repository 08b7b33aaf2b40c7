using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>Specs and AWS look-ups shared by the engine tests.</summary>
public static class TestData
{
    public const string Region = "us-east-1";

    public static SecureApiSpec NewPoolSpec(string name = "users-api", int routes = 1, bool keepOnFailure = false) => new()
    {
        Region = Region,
        Api = new ApiSpec { Name = name },
        Routes = [.. Enumerable.Range(0, routes).Select(i => i == 0 ? "GET /users/{userId}" : $"POST /items{i}")],
        UserPool = new UserPoolSpec { Name = $"{name}-users", SignInWith = ["email"] },
        Integration = new IntegrationSpec { Method = "GET", Url = "https://backend.example.com" },
        KeepOnFailure = keepOnFailure,
    };

    public static SecureApiSpec ExistingPoolSpec(string poolId, string name = "orders-api") => NewPoolSpec(name) with
    {
        UserPool = new UserPoolSpec { ExistingPoolId = poolId },
    };

    /// <summary>APIs and pools in the account that still carry this deployment's tag (what an orphan would be).</summary>
    public static async Task<List<string>> TaggedLeftoversAsync(IAwsClients aws, Guid deploymentId)
    {
        var left = new List<string>();
        await foreach (var api in aws.HttpApi(Region).GetAllApisAsync())
        {
            if (DeploymentTags.IsTaggedFor(api.Tags, deploymentId))
            {
                left.Add($"api {api.ApiId}");
            }
        }

        await foreach (var pool in aws.Cognito(Region).ListAllUserPoolsAsync())
        {
            var described = await aws.Cognito(Region).DescribeUserPoolAsync(new() { UserPoolId = pool.Id! });
            if (DeploymentTags.IsTaggedFor(described.UserPool?.UserPoolTags, deploymentId))
            {
                left.Add($"pool {pool.Id}");
            }
        }

        return left;
    }

    public static async Task<bool> PoolExistsAsync(IAwsClients aws, string poolId)
    {
        await foreach (var pool in aws.Cognito(Region).ListAllUserPoolsAsync())
        {
            if (pool.Id == poolId)
            {
                return true;
            }
        }

        return false;
    }

    public static async Task<int> ApiCountAsync(IAwsClients aws)
    {
        var count = 0;
        await foreach (var _ in aws.HttpApi(Region).GetAllApisAsync())
        {
            count++;
        }

        return count;
    }
}
