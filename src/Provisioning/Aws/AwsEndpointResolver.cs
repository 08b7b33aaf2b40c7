using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// Where a service lives for a region: <c>AWS:ServiceURL</c> (one URL may serve both services, as the Sandbox does),
/// else the per-service setting, else <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> / <c>AWS_ENDPOINT_URL</c>, else AWS's
/// regional host <c>https://{prefix}.{region}.{dnsSuffix}</c> for the region's partition.
/// </summary>
internal sealed class AwsEndpointResolver(AwsClientOptions options, Func<string, string?> environment)
{
    public Uri Resolve(AwsServiceInfo service, string region)
    {
        var perService = service == AwsServiceInfo.Cognito ? options.CognitoServiceUrl : options.ApiGatewayServiceUrl;
        var configured = FirstNonEmpty(
            options.ServiceUrl,
            perService,
            options.UseEndpointEnvironmentVariables ? environment(service.EndpointVariable) : null,
            options.UseEndpointEnvironmentVariables ? environment("AWS_ENDPOINT_URL") : null);

        if (configured is not null)
        {
            return WithTrailingSlash(new Uri(configured, UriKind.Absolute));
        }

        var endpoint = RegionEndpoint.GetBySystemName(region);
        return new Uri($"https://{service.EndpointPrefix}.{endpoint.SystemName}.{endpoint.PartitionDnsSuffix}/");
    }

    /// <summary>
    /// <c>AWS:Region</c>, else the region of the configured (or <c>AWS_PROFILE</c>/default) profile, else
    /// <c>AWS_REGION</c>. Instance metadata is never asked: a portal off EC2 would hang on it.
    /// </summary>
    public static string? ResolveDefaultRegion(AwsClientOptions options)
    {
        if (!string.IsNullOrEmpty(options.Region))
        {
            return options.Region;
        }

        var profileName = options.Profile ?? Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default";
        if (new CredentialProfileStoreChain(options.ProfilesLocation).TryGetProfile(profileName, out var profile)
            && profile.Region is not null)
        {
            return profile.Region.SystemName;
        }

        return FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false)?.SystemName;
    }

    // Paths are appended to the base (a ServiceURL may carry a path prefix), so it must end with '/'.
    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
