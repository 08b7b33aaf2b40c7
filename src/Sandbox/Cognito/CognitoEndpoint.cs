using SecureApi.Sandbox.DataPlane;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.Cognito;

/// <summary>
/// Cognito IdP on <c>POST /</c> (awsJson1.1): picks the operation from <c>X-Amz-Target</c> and runs it through the
/// call pipeline. Sign-in operations are handed to the data plane's <see cref="CognitoAuthFlows"/>.
/// </summary>
internal sealed class CognitoEndpoint(
    AwsCallPipeline pipeline,
    CognitoPoolOperations pools,
    CognitoClientOperations clients,
    CognitoUserOperations users)
{
    private const string TargetPrefix = "AWSCognitoIdentityProviderService.";

    private delegate AwsResponse Operation(AwsCall call, RequestReader request);

    private readonly IReadOnlyDictionary<string, Operation> _operations = new Dictionary<string, Operation>(StringComparer.Ordinal)
    {
        ["CreateUserPool"] = pools.CreateUserPool,
        ["DescribeUserPool"] = pools.DescribeUserPool,
        ["ListUserPools"] = pools.ListUserPools,
        ["DeleteUserPool"] = pools.DeleteUserPool,
        ["TagResource"] = pools.TagResource,
        ["UntagResource"] = pools.UntagResource,
        ["ListTagsForResource"] = pools.ListTagsForResource,
        ["CreateUserPoolClient"] = clients.CreateUserPoolClient,
        ["DescribeUserPoolClient"] = clients.DescribeUserPoolClient,
        ["ListUserPoolClients"] = clients.ListUserPoolClients,
        ["DeleteUserPoolClient"] = clients.DeleteUserPoolClient,
        ["CreateResourceServer"] = clients.CreateResourceServer,
        ["AdminCreateUser"] = users.AdminCreateUser,
        ["AdminSetUserPassword"] = users.AdminSetUserPassword,
        ["AdminDeleteUser"] = users.AdminDeleteUser,
    };

    public async Task HandleAsync(HttpContext http)
    {
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : "";
        var body = await RequestBody.ReadAsync(http.Request);

        switch (operation)
        {
            case "AdminInitiateAuth":
                await pipeline.ExecuteAsync(http, AwsService.Cognito, operation, body, signed: true, holdStateLock: false,
                    call => AwsResponse.Ok(AuthFlows(http).AdminInitiateAuth(call.Body)));
                return;
            case "InitiateAuth":
                // InitiateAuth is a noAuth operation in the service model: SDKs send it unsigned.
                await pipeline.ExecuteAsync(http, AwsService.Cognito, operation, body, signed: false, holdStateLock: false,
                    call => AwsResponse.Ok(AuthFlows(http).InitiateAuth(call.Body)));
                return;
        }

        if (!_operations.TryGetValue(operation, out var handler))
        {
            await AwsCallPipeline.WriteErrorAsync(http, AwsService.Cognito,
                new SandboxAwsError("UnknownOperationException", string.IsNullOrEmpty(target) ? "Missing X-Amz-Target header." : $"Unknown operation {target}"));
            return;
        }

        await pipeline.ExecuteAsync(http, AwsService.Cognito, operation, body, signed: true, holdStateLock: true,
            call => handler(call, new RequestReader(call.Body, SandboxAwsError.InvalidParameter)));
    }

    private static CognitoAuthFlows AuthFlows(HttpContext http) =>
        ActivatorUtilities.GetServiceOrCreateInstance<CognitoAuthFlows>(http.RequestServices);
}
