using SecureApi.Provisioning.Aws;

namespace SecureApi.Provisioning.Deployments.Execution;

/// <summary>Turns a failed call into the plain-language cause a person reads on the deployment.</summary>
internal static class FailureText
{
    public static string Describe(string title, Exception exception) => exception switch
    {
        ProvisioningException p => $"{title} failed: {p.Message}",
        AwsServiceException { ErrorCode: "MissingCredentials" } =>
            $"{title} failed: the portal has no AWS credentials, so nothing was sent to AWS. Give it credentials the "
            + "standard AWS way (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile with AWS:Profile, or a "
            + "container/instance role), or run in sandbox mode (Sandbox:Enabled=true).",
        AwsServiceException { ErrorCode: "NetworkFailure" or "RequestTimeout" } aws =>
            $"{title} failed: AWS could not be reached ({aws.AwsMessage}).",
        AwsServiceException { ErrorCode: "UnrecognizedClientException" or "InvalidSignatureException" or "InvalidClientTokenId" or "ExpiredTokenException" } aws =>
            $"{title} failed: AWS refused the portal's credentials ({aws.ErrorCode}): check the access key, secret and "
            + "session token, or sign in again for SSO.",
        AwsServiceException { ErrorCode: "AccessDeniedException" } aws =>
            $"{title} failed: the portal's AWS identity is not allowed to do this ({aws.AwsMessage}). Give it the IAM "
            + "policy in docs/iam-policy.json.",
        AwsServiceException aws when aws.StatusCode == 0 =>
            $"{title} failed: AWS could not be reached ({aws.AwsMessage}).",
        AwsServiceException aws =>
            $"{title} failed: AWS answered {aws.ErrorCode} ({(int)aws.StatusCode}): {aws.AwsMessage}",
        OperationCanceledException => $"{title} failed: the call to AWS timed out.",
        _ => $"{title} failed unexpectedly: {exception.Message}",
    };

    public static string? RequestIdOf(Exception exception) => (exception as AwsServiceException)?.RequestId;
}
