using SecureApi.Portal.Components.Setup;
using SecureApi.Portal.Components.Setup.Forms;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Portal.Components.Shared;

/// <summary>
/// What the diagram draws: the same picture before Create (names, placeholders) and after (AWS ids). <c>Removed</c>
/// says why the API is gone (rolled back, deleted) when it is: the picture then shows what was, not what answers.
/// </summary>
public sealed record DeploymentPicture(
    string ApiName,
    string? ApiId,
    string Region,
    IReadOnlyList<string> Routes,
    string AuthorizerName,
    string? AuthorizerId,
    string PoolName,
    string? PoolId,
    bool PoolIsExisting,
    string ClientName,
    string? ClientId,
    string IntegrationMethod,
    string IntegrationUrl,
    string? InvokeUrl,
    PictureRemoval? Removed = null)
{
    public static DeploymentPicture From(SetupWizardState wizard)
    {
        var existing = wizard.UserPool.Mode == PoolChoiceMode.Existing;
        var apiName = wizard.Api.Name ?? "";
        return new(
            apiName,
            null,
            wizard.Api.Region ?? "",
            [.. wizard.Routes.Routes.Select(r => r.Key)],
            wizard.Authorizer.Name ?? "",
            null,
            existing ? "Existing user pool" : wizard.UserPool.Name ?? "",
            existing ? wizard.UserPool.ExistingPoolId : null,
            existing,
            string.IsNullOrWhiteSpace(wizard.UserPool.ClientName) ? SpecDefaults.ClientNameFor(apiName) : wizard.UserPool.ClientName,
            null,
            wizard.Integration.Method,
            wizard.Integration.Url ?? "",
            null);
    }

    public static DeploymentPicture From(DeploymentDetails details)
    {
        var spec = details.Spec;
        var pool = details.Resources.FirstOrDefault(r => r.Kind == ResourceKind.UserPool);
        var client = details.Resources.FirstOrDefault(r => r.Kind == ResourceKind.UserPoolClient);
        return new(
            details.Name,
            details.ApiId,
            details.Region,
            details.Routes.Count > 0 ? [.. details.Routes.Select(r => r.RouteKey)] : spec.Routes,
            spec.Authorizer?.Name ?? "JWT authorizer",
            details.AuthorizerId,
            pool?.Name ?? spec.UserPool.Name ?? "User pool",
            details.UserPoolId,
            spec.UserPool.ExistingPoolId is not null,
            client?.Name ?? spec.AppClient?.Name ?? "App client",
            details.ClientId,
            spec.Integration.Method,
            spec.Integration.Url,
            details.InvokeUrl,
            details.State switch
            {
                DeploymentState.RolledBack => PictureRemoval.RolledBack,
                DeploymentState.Deleted => PictureRemoval.Deleted,
                _ => null,
            });
    }
}

/// <summary>How a deployment's API went away.</summary>
public enum PictureRemoval
{
    RolledBack,
    Deleted,
}
