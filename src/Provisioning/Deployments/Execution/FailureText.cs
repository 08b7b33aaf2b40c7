using SecureApi.Provisioning.Aws;

namespace SecureApi.Provisioning.Deployments.Execution;

/// <summary>Turns a failed call into the plain-language cause a person reads on the deployment.</summary>
internal static class FailureText
{
    public static string Describe(string title, Exception exception) => exception switch
    {
        ProvisioningException p => $"{title} failed: {p.Message}",
        AwsServiceException aws when aws.StatusCode == 0 =>
            $"{title} failed: AWS could not be reached ({aws.AwsMessage}).",
        AwsServiceException aws =>
            $"{title} failed: AWS answered {aws.ErrorCode} ({(int)aws.StatusCode}): {aws.AwsMessage}",
        OperationCanceledException => $"{title} failed: the call to AWS timed out.",
        _ => $"{title} failed unexpectedly: {exception.Message}",
    };

    public static string? RequestIdOf(Exception exception) => (exception as AwsServiceException)?.RequestId;
}
