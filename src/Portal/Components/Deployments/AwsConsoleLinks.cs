using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Components.Deployments;

/// <summary>Where a resource lives in the AWS console (real AWS only; the Sandbox has no console).</summary>
public static class AwsConsoleLinks
{
    public static string? For(ResourceInfo resource, string region) => resource.Kind switch
    {
        ResourceKind.Api =>
            $"https://{Uri.EscapeDataString(region)}.console.aws.amazon.com/apigateway/main/api-detail?api={Uri.EscapeDataString(resource.AwsId)}&region={Uri.EscapeDataString(region)}",
        ResourceKind.UserPool =>
            $"https://{Uri.EscapeDataString(region)}.console.aws.amazon.com/cognito/v2/idp/user-pools/{Uri.EscapeDataString(resource.AwsId)}/overview?region={Uri.EscapeDataString(region)}",
        _ => null,
    };
}
