using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;

namespace SecureApi.Provisioning.Deployments.Planning;

/// <summary>Creates the new user pool, tagged at creation through <c>UserPoolTags</c>.</summary>
public sealed class CreateUserPoolStep(string poolName, IReadOnlyList<string> signInWith)
    : PlanStep<PoolOutput>("create-user-pool", "CreateUserPool", $"Create user pool {poolName}")
{
    protected override async Task<(PoolOutput, MadeResource?)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        var (usernameAttributes, aliasAttributes) = SignInAttributes(signInWith);
        var response = await context.Cognito.CreateUserPoolAsync(new CreateUserPoolRequest
        {
            PoolName = poolName,
            UsernameAttributes = usernameAttributes,
            AliasAttributes = aliasAttributes,
            AutoVerifiedAttributes = AutoVerified(signInWith),
            DeletionProtection = "INACTIVE",
            UserPoolTags = context.Tags,
        }, cancellationToken);
        var pool = response.UserPool ?? throw new ProvisioningException("Cognito created the user pool but did not return it.");
        var id = pool.Id ?? throw new ProvisioningException("Cognito created the user pool but did not return its id.");
        return (new PoolOutput(id), new MadeResource(ResourceKind.UserPool, id, pool.Arn, null, poolName, CreatedByUs: true));
    }

    // Email/phone alone replace the user name (UsernameAttributes); with "username" they become aliases of it.
    internal static (List<string>? UsernameAttributes, List<string>? AliasAttributes) SignInAttributes(IReadOnlyList<string> signInWith)
    {
        var attributes = signInWith.Select(s => s switch { "email" => "email", "phone" => "phone_number", _ => null })
            .OfType<string>().ToList();
        if (attributes.Count == 0)
        {
            return (null, null);
        }

        return signInWith.Contains("username") ? (null, attributes) : (attributes, null);
    }

    private static List<string>? AutoVerified(IReadOnlyList<string> signInWith)
    {
        var verified = signInWith.Select(s => s switch { "email" => "email", "phone" => "phone_number", _ => null })
            .OfType<string>().ToList();
        return verified.Count == 0 ? null : verified;
    }
}

/// <summary>
/// Checks that a reused pool exists before anything is built on it. Records it with CreatedByUs = false so that no
/// delete ever removes it.
/// </summary>
public sealed class DescribeUserPoolStep(string poolId)
    : PlanStep<PoolOutput>("describe-user-pool", "DescribeUserPool", $"Check user pool {poolId}")
{
    protected override async Task<(PoolOutput, MadeResource?)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        try
        {
            var response = await context.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = poolId }, cancellationToken);
            var pool = response.UserPool;
            return (new PoolOutput(poolId), new MadeResource(ResourceKind.UserPool, poolId, pool?.Arn, null, pool?.Name, CreatedByUs: false));
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            throw new ProvisioningException(
                $"The user pool {poolId} does not exist in {context.Spec.Region}. Pick an existing pool or let SecureApi create one.", ex);
        }
    }
}

/// <summary>
/// Creates the app client the authorizer trusts: password and refresh flows (so verification and users can get
/// tokens), no secret unless asked.
/// </summary>
public sealed class CreateUserPoolClientStep(string clientName, bool generateSecret, PlanStep<PoolOutput> pool)
    : PlanStep<ClientOutput>("create-app-client", "CreateUserPoolClient", $"Create app client {clientName}", pool)
{
    /// <summary>The sign-in flows every client SecureApi makes allows.</summary>
    public static IReadOnlyList<string> ExplicitAuthFlows { get; } =
        ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

    protected override async Task<(ClientOutput, MadeResource?)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        var poolId = results.Of(pool).PoolId;
        var response = await context.Cognito.CreateUserPoolClientAsync(new CreateUserPoolClientRequest
        {
            UserPoolId = poolId,
            ClientName = clientName,
            GenerateSecret = generateSecret,
            ExplicitAuthFlows = [.. ExplicitAuthFlows],
            PreventUserExistenceErrors = "ENABLED",
        }, cancellationToken);
        var id = response.UserPoolClient?.ClientId
            ?? throw new ProvisioningException("Cognito created the app client but did not return its id.");
        return (new ClientOutput(id), new MadeResource(ResourceKind.UserPoolClient, id, null, poolId, clientName, CreatedByUs: true));
    }
}
