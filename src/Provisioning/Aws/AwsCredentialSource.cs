using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// Which credentials sign the next request. Asked on every request: explicit and profile credentials are resolved
/// once (their own objects refresh themselves, e.g. assumed roles), the default chain is asked each time because it
/// re-resolves when the environment variables or credential files change (rotated keys keep working).
/// </summary>
public sealed class AwsCredentialSource(IOptions<AwsClientOptions> options)
{
    private readonly Lazy<AWSCredentials?> _configured = new(() => Resolve(options.Value));

    /// <summary>The credentials for the next request.</summary>
    /// <exception cref="AmazonClientException">Nothing configured and the default chain found nothing.</exception>
    public async ValueTask<AWSCredentials> GetCredentialsAsync()
    {
        if (_configured.Value is { } configured)
        {
            return configured;
        }

        return await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
    }

    private static AWSCredentials? Resolve(AwsClientOptions options)
    {
        if (options.Credentials is not null)
        {
            return options.Credentials;
        }

        if (string.IsNullOrEmpty(options.Profile))
        {
            return null;
        }

        var store = new CredentialProfileStoreChain(options.ProfilesLocation);
        return store.TryGetAWSCredentials(options.Profile, out var credentials)
            ? credentials
            : throw new AmazonClientException(
                $"AWS:Profile names the profile '{options.Profile}', which was not found in the shared credentials or config files.");
    }
}
