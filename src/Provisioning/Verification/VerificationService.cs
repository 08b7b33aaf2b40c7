using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Deployments.Worker;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Verification;

/// <summary>
/// Runs verifications: checks who may, gets the tokens (test user, or the person's pasted token), sends every check
/// to the deployment's recorded invoke URL, records the run, updates the deployment's last verification and publishes
/// the change. Verification never changes a deployment's provisioning state.
/// </summary>
internal sealed class VerificationService(
    IDbContextFactory<RecordsDbContext> dbFactory,
    DeploymentStore store,
    TestUsers testUsers,
    VerificationRunner runner,
    IAuditLog audit,
    ILogger<VerificationService> logger) : IVerificationService
{
    public const string ExistingPoolNeedsConsent =
        "This deployment uses an existing user pool that SecureApi did not create, so no test user was created in it. " +
        "To verify with tokens, allow SecureApi to create a test user there (it is deleted with the deployment), " +
        "or paste an access token of your own.";

    /// <inheritdoc />
    public async Task<VerificationRunInfo> VerifyAsync(Guid deploymentId, Caller caller, VerifyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var deployment = await LoadVerifiableAsync(deploymentId, caller, "deployment.verify", cancellationToken);
        var tokens = await TokensForAsync(deployment, options, cancellationToken);
        var run = await runner.RunAsync(deployment, InvokeUrlOf(deployment), tokens, cancellationToken);
        await SaveAsync(run, cancellationToken);

        var applicable = run.Checks.Where(c => c.Applicable).ToList();
        await AuditAsync(caller, AuditActions.Verify, deploymentId, run.Outcome == VerificationOutcome.Pass ? AuditOutcome.Succeeded : AuditOutcome.Failed,
            $"{run.Outcome}: {applicable.Count(c => c.Passed)} of {applicable.Count} checks passed.", cancellationToken);
        logger.LogInformation("Verified deployment {DeploymentId}: {Outcome}", deploymentId, run.Outcome);
        return VerificationMapping.ToInfo(run);
    }

    /// <summary>
    /// The automatic run right after a create. A pool the portal did not create gets no test user without the
    /// person's consent, so such a deployment is left for the person to verify from its page.
    /// </summary>
    public async Task<VerificationRunInfo?> VerifyAfterCreateAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        var deployment = await store.LoadAsync(deploymentId, cancellationToken);
        if (deployment is null || deployment.State is not (DeploymentState.Active or DeploymentState.Drifted))
        {
            return null;
        }

        if (!PoolCreatedByUs(deployment))
        {
            logger.LogInformation("Deployment {DeploymentId} uses an existing pool; it is verified when a person allows a test user or pastes a token", deploymentId);
            return null;
        }

        return await VerifyAsync(deploymentId, Caller.System, new VerifyOptions(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<VerificationRunInfo>> HistoryAsync(Guid deploymentId, Caller caller, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await VerificationMapping.HistoryAsync(db, deploymentId, Math.Clamp(take, 1, 200), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<VerificationRunInfo?> LatestAsync(Guid deploymentId, Caller caller, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await VerificationMapping.HistoryAsync(db, deploymentId, 1, cancellationToken)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<TryItCommands> GetTryItAsync(Guid deploymentId, Caller caller, VerifyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var deployment = await LoadVerifiableAsync(deploymentId, caller, "deployment.test-token", cancellationToken);
        if (!PoolCreatedByUs(deployment) && !options.AllowTestUserInExistingPool)
        {
            throw new ProvisioningException(ExistingPoolNeedsConsent);
        }

        var tokens = await testUsers.SignInAsync(deployment, ClientOf(deployment), cancellationToken);
        await AuditAsync(caller, AuditActions.TestToken, deploymentId, AuditOutcome.Succeeded,
            "Issued a fresh access token of the test user for the ready curl commands.", cancellationToken);
        return CurlCommands.For(deployment, InvokeUrlOf(deployment), tokens.AccessToken, tokens.ExpiresAt);
    }

    private async Task<Deployment> LoadVerifiableAsync(Guid id, Caller caller, string action, CancellationToken cancellationToken)
    {
        var deployment = await store.LoadAsync(id, cancellationToken) ?? throw new ProvisioningException($"There is no deployment {id}.");
        var allowed = caller.Role == CallerRole.Admin || (caller.Role == CallerRole.Operator && deployment.OwnerId == caller.Id);
        if (!allowed)
        {
            await AuditAsync(caller, action, id, AuditOutcome.Denied, $"Owner is {deployment.OwnerName}.", cancellationToken);
            throw new AccessDeniedException(caller.Role == CallerRole.Viewer
                ? "Viewers can look at verification results but not run a verification."
                : $"Only its owner ({deployment.OwnerName}) or an Admin can verify the deployment '{deployment.Name}'.");
        }

        if (deployment.State is DeploymentState.Deleted or DeploymentState.Deleting)
        {
            throw new ProvisioningException($"The deployment '{deployment.Name}' is {(deployment.State == DeploymentState.Deleted ? "deleted" : "being deleted")}: there is nothing left to verify.");
        }

        if (deployment.State is not (DeploymentState.Active or DeploymentState.Drifted))
        {
            throw new ProvisioningException($"Only an Active or Drifted deployment can be verified; '{deployment.Name}' is {deployment.State}.");
        }

        return deployment;
    }

    private async Task<RunTokens> TokensForAsync(Deployment deployment, VerifyOptions options, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.AccessToken))
        {
            const string Pasted = "you supplied your own access token; this check needs the portal's test user.";
            return new RunTokens(options.AccessToken.Trim(), null, null, null, Pasted, Pasted);
        }

        if (!PoolCreatedByUs(deployment) && !options.AllowTestUserInExistingPool)
        {
            throw new ProvisioningException(ExistingPoolNeedsConsent);
        }

        var clientId = ClientOf(deployment);
        TokenSet own;
        try
        {
            own = await testUsers.SignInAsync(deployment, clientId, cancellationToken);
        }
        catch (Exception ex) when (ex is AwsServiceException or ProvisioningException)
        {
            logger.LogWarning("The test user of deployment {DeploymentId} could not sign in: {Reason}", deployment.Id, Describe(ex));
            var reason = $"the test user could not sign in ({Describe(ex)}).";
            return new RunTokens(null, null, null, reason, reason, reason);
        }

        var (other, otherMissing) = await OtherAudienceTokenAsync(deployment, clientId, cancellationToken);
        return new RunTokens(own.AccessToken, own.IdToken, other, null,
            own.IdToken is null ? "Cognito returned no ID token." : null, otherMissing);
    }

    // A token whose audience is another client of the same pool: only with a client SecureApi already recorded —
    // an app client is never created just for this check.
    private async Task<(string? Token, string? Missing)> OtherAudienceTokenAsync(Deployment deployment, string clientId, CancellationToken cancellationToken)
    {
        var poolId = deployment.UserPoolId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var other = await db.Resources.AsNoTracking()
            .Where(r => r.Kind == ResourceKind.UserPoolClient && r.ParentId == poolId && r.AwsId != clientId && r.DeletedAt == null)
            .Join(db.Deployments.Where(d => d.State != DeploymentState.Deleted && d.State != DeploymentState.RolledBack),
                r => r.DeploymentId, d => d.Id, (r, d) => r.AwsId)
            .FirstOrDefaultAsync(cancellationToken);
        if (other is null)
        {
            return (null, "SecureApi has no other app client of this pool on record, and does not create one just for this check.");
        }

        try
        {
            var tokens = await testUsers.SignInAsync(deployment, other, cancellationToken);
            return (tokens.IdToken ?? tokens.AccessToken, null);
        }
        catch (Exception ex) when (ex is AwsServiceException or ProvisioningException)
        {
            return (null, $"the test user could not sign in to the other app client {other} ({Describe(ex)}).");
        }
    }

    private async Task SaveAsync(VerificationRun run, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.VerificationRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        // Publishes the change, so open pages show the new result; the provisioning state is left as it is.
        await store.UpdateAsync(run.DeploymentId, d =>
        {
            d.LastVerifiedAt = run.CompletedAt;
            d.LastVerificationOutcome = run.Outcome.ToString();
            return true;
        }, cancellationToken);
    }

    // Through the one audit trail, so the entry also says where the request came from.
    private Task AuditAsync(Caller caller, string action, Guid id, AuditOutcome outcome, string detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditRecord(caller, action, outcome, id, detail), cancellationToken);

    internal static bool PoolCreatedByUs(Deployment deployment) =>
        deployment.Resources.Any(r => r.Kind == ResourceKind.UserPool && r.CreatedByUs && r.DeletedAt is null);

    private static string ClientOf(Deployment deployment) =>
        deployment.Resources.FirstOrDefault(r => r.Kind == ResourceKind.UserPoolClient && r.CreatedByUs && r.DeletedAt is null)?.AwsId
        ?? throw new ProvisioningException("This deployment has no app client on record; there is no token to verify with.");

    /// <summary>Only the URL AWS returned at create time; never one from a request.</summary>
    private static Uri InvokeUrlOf(Deployment deployment) =>
        Uri.TryCreate(deployment.InvokeUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"
            ? url
            : throw new ProvisioningException("This deployment has no invoke URL on record; there is nothing to call.");

    private static string Describe(Exception ex) => ex switch
    {
        AwsServiceException aws => string.Create(CultureInfo.InvariantCulture, $"{aws.ErrorCode}: {aws.AwsMessage}"),
        _ => ex.Message,
    };
}
