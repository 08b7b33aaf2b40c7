using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// Hands out the typed clients for one region. A deployment names its region, so clients are per region; all of them
/// share the credentials, the endpoint override (<c>AWS:ServiceURL</c>) and the per account+region+service rate limits.
/// </summary>
public interface IAwsClients
{
    ICognitoClient Cognito(string region);
    IHttpApiClient HttpApi(string region);
}
