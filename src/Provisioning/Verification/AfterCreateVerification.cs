using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureApi.Provisioning.Verification;

/// <summary>
/// The automatic verification right after a create succeeds (called by the deployment runner once the deployment is
/// Active). Whatever happens here, the deployment stays Active: a failing check is a Fail run, an error is logged.
/// </summary>
internal sealed class AfterCreateVerification(VerificationService verification, IOptions<VerificationOptions> options, ILogger<AfterCreateVerification> logger)
{
    public async Task RunAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        if (!options.Value.VerifyAfterCreate)
        {
            return;
        }

        try
        {
            await verification.VerifyAfterCreateAsync(deploymentId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The automatic verification of deployment {DeploymentId} could not run", deploymentId);
        }
    }
}
