using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Verification;

/// <summary>Tokens of one sign-in. Never logged, never stored.</summary>
internal sealed record TokenSet(string AccessToken, string? IdToken, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"TokenSet {{ ExpiresAt = {ExpiresAt} }}";
}

/// <summary>
/// The portal-managed test user of a deployment: created in the pool on first need (invitation suppressed, a strong
/// random permanent password), recorded as a <see cref="ResourceKind.TestUser"/> resource so that the deployment's
/// delete removes it, its password kept only in protected form. Signs in with <c>ADMIN_USER_PASSWORD_AUTH</c>.
/// A user changed or removed behind the portal's back is repaired (new password, or created again) once.
/// </summary>
internal sealed class TestUsers(
    IDbContextFactory<RecordsDbContext> dbFactory,
    IAwsClients aws,
    TestUserSecrets secrets,
    TimeProvider clock,
    ILogger<TestUsers> logger)
{
    public const string UsernamePrefix = "secureapi-verify-";

    /// <summary>Signs the test user in to <paramref name="clientId"/>, creating the user first when there is none.</summary>
    public async Task<TokenSet> SignInAsync(Deployment deployment, string clientId, CancellationToken cancellationToken)
    {
        var poolId = PoolOf(deployment);
        var cognito = aws.Cognito(deployment.Region);
        var (username, password) = await EnsureUserAsync(deployment, poolId, cognito, cancellationToken);
        try
        {
            return await AuthenticateAsync(cognito, poolId, clientId, username, password, cancellationToken);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "NotAuthorizedException" or "UserNotFoundException" or "PasswordResetRequiredException")
        {
            // Changed or removed behind the portal's back (or a password of an earlier, lost key): repair once.
            logger.LogInformation("The test user {Username} of deployment {DeploymentId} could not sign in ({ErrorCode}); resetting it",
                username, deployment.Id, ex.ErrorCode);
            password = await ResetPasswordAsync(deployment.Id, poolId, cognito, username, cancellationToken);
            return await AuthenticateAsync(cognito, poolId, clientId, username, password, cancellationToken);
        }
    }

    private async Task<(string Username, string Password)> EnsureUserAsync(
        Deployment deployment, string poolId, ICognitoClient cognito, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var recorded = await db.Resources.AsNoTracking()
                .Where(r => r.DeploymentId == deployment.Id && r.Kind == ResourceKind.TestUser && r.DeletedAt == null)
                .Select(r => r.AwsId).FirstOrDefaultAsync(cancellationToken);
            if (recorded is not null)
            {
                var credential = await db.Set<TestUserCredential>().AsNoTracking()
                    .SingleOrDefaultAsync(c => c.DeploymentId == deployment.Id, cancellationToken);
                if (credential is not null && credential.Username == recorded && secrets.TryUnprotect(credential.ProtectedPassword, out var kept))
                {
                    return (recorded, kept);
                }

                logger.LogInformation("The kept password of test user {Username} of deployment {DeploymentId} cannot be read; setting a new one",
                    recorded, deployment.Id);
                return (recorded, await ResetPasswordAsync(deployment.Id, poolId, cognito, recorded, cancellationToken));
            }
        }

        return await CreateUserAsync(deployment, poolId, cognito, cancellationToken);
    }

    private async Task<(string Username, string Password)> CreateUserAsync(
        Deployment deployment, string poolId, ICognitoClient cognito, CancellationToken cancellationToken)
    {
        var pool = (await cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = poolId }, cancellationToken)).UserPool;
        var (username, attributes) = NameFor(deployment.Id, pool?.UsernameAttributes ?? []);
        var password = TestUserPassword.New();

        // Recorded before it exists, in the same write that checks the deployment is still live: a delete either
        // sees the record (and removes the user) or wins the race (and this create is not attempted).
        await RecordAsync(deployment.Id, poolId, username, password, cancellationToken);
        try
        {
            await cognito.AdminCreateUserAsync(new AdminCreateUserRequest
            {
                UserPoolId = poolId,
                Username = username,
                MessageAction = "SUPPRESS",
                UserAttributes = attributes,
            }, cancellationToken);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "UsernameExistsException")
        {
            // Left by an earlier attempt that stopped before recording its password; the name is this deployment's own.
        }

        await cognito.AdminSetUserPasswordAsync(new AdminSetUserPasswordRequest
        {
            UserPoolId = poolId,
            Username = username,
            Password = password,
            Permanent = true,
        }, cancellationToken);
        logger.LogInformation("Created test user {Username} in pool {PoolId} for deployment {DeploymentId}", username, poolId, deployment.Id);

        if (await IsGoneAsync(deployment.Id, cancellationToken))
        {
            // The delete started while the user was being made; do not leave it behind in a pool that stays.
            await TryDeleteAsync(cognito, poolId, username, cancellationToken);
            throw new ProvisioningException("The deployment was deleted while its test user was being created.");
        }

        return (username, password);
    }

    private async Task RecordAsync(Guid deploymentId, string poolId, string username, string password, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var deployment = await db.Deployments.SingleOrDefaultAsync(d => d.Id == deploymentId, cancellationToken);
            if (deployment is null || deployment.State is not (DeploymentState.Active or DeploymentState.Drifted))
            {
                throw new ProvisioningException("The deployment is no longer active; no test user was created.");
            }

            var now = clock.GetUtcNow();
            deployment.UpdatedAt = now;
            db.Resources.Add(new DeploymentResource
            {
                DeploymentId = deploymentId,
                Kind = ResourceKind.TestUser,
                AwsId = username,
                ParentId = poolId,
                Name = username,
                CreatedByUs = true,
                CreatedAt = now,
            });
            await UpsertCredentialAsync(db, deploymentId, username, password, cancellationToken);
            try
            {
                // The deployment row's version changes with this write, so a delete queued meanwhile makes it fail.
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // Someone changed the deployment first: look at its state again.
            }
        }
    }

    private async Task<string> ResetPasswordAsync(Guid deploymentId, string poolId, ICognitoClient cognito, string username, CancellationToken cancellationToken)
    {
        var password = TestUserPassword.New();
        var request = new AdminSetUserPasswordRequest { UserPoolId = poolId, Username = username, Password = password, Permanent = true };
        try
        {
            await cognito.AdminSetUserPasswordAsync(request, cancellationToken);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "UserNotFoundException")
        {
            await cognito.AdminCreateUserAsync(new AdminCreateUserRequest { UserPoolId = poolId, Username = username, MessageAction = "SUPPRESS" }, cancellationToken);
            await cognito.AdminSetUserPasswordAsync(request, cancellationToken);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await UpsertCredentialAsync(db, deploymentId, username, password, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return password;
    }

    private async Task UpsertCredentialAsync(RecordsDbContext db, Guid deploymentId, string username, string password, CancellationToken cancellationToken)
    {
        var credential = await db.Set<TestUserCredential>().SingleOrDefaultAsync(c => c.DeploymentId == deploymentId, cancellationToken);
        if (credential is null)
        {
            credential = new TestUserCredential { DeploymentId = deploymentId };
            db.Set<TestUserCredential>().Add(credential);
        }

        credential.Username = username;
        credential.ProtectedPassword = secrets.Protect(password);
        credential.UpdatedAt = clock.GetUtcNow();
    }

    private async Task<TokenSet> AuthenticateAsync(
        ICognitoClient cognito, string poolId, string clientId, string username, string password, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password };
        var client = (await cognito.DescribeUserPoolClientAsync(new DescribeUserPoolClientRequest { UserPoolId = poolId, ClientId = clientId }, cancellationToken)).UserPoolClient;
        if (client?.ClientSecret is { Length: > 0 } secret)
        {
            parameters["SECRET_HASH"] = SecretHash(secret, username, clientId);
        }

        var response = await cognito.AdminInitiateAuthAsync(new AdminInitiateAuthRequest
        {
            UserPoolId = poolId,
            ClientId = clientId,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = parameters,
        }, cancellationToken);
        var result = response.AuthenticationResult;
        if (result?.AccessToken is not { } access)
        {
            throw new ProvisioningException(response.ChallengeName is { } challenge
                ? $"Cognito asked the test user for {challenge} instead of signing it in; this pool's settings need a person to sign in."
                : "Cognito signed the test user in but returned no access token.");
        }

        var expires = result.ExpiresIn is { } seconds ? clock.GetUtcNow().AddSeconds(seconds) : TokenTampering.ExpiryOf(access);
        return new TokenSet(access, result.IdToken, expires);
    }

    private async Task<bool> IsGoneAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var state = await db.Deployments.Where(d => d.Id == deploymentId).Select(d => (DeploymentState?)d.State).SingleOrDefaultAsync(cancellationToken);
        return state is null or DeploymentState.Deleting or DeploymentState.Deleted;
    }

    private async Task TryDeleteAsync(ICognitoClient cognito, string poolId, string username, CancellationToken cancellationToken)
    {
        try
        {
            await cognito.AdminDeleteUserAsync(new AdminDeleteUserRequest { UserPoolId = poolId, Username = username }, cancellationToken);
        }
        catch (AwsServiceException ex)
        {
            logger.LogWarning("Could not remove test user {Username} from pool {PoolId}: {ErrorCode}", username, poolId, ex.ErrorCode);
        }
    }

    /// <summary>
    /// A name the pool accepts: in a pool where email or phone replaces the user name, an address or number that is
    /// plainly not a person's (nothing is sent: the invitation is suppressed).
    /// </summary>
    internal static (string Username, List<AttributeType>? Attributes) NameFor(Guid deploymentId, IReadOnlyCollection<string> usernameAttributes)
    {
        var hex = deploymentId.ToString("N");
        var shortId = hex[^12..];
        if (usernameAttributes.Contains("email"))
        {
            var email = $"{UsernamePrefix}{shortId}@example.com";
            return (email, [new AttributeType { Name = "email", Value = email }]);
        }

        if (usernameAttributes.Contains("phone_number"))
        {
            // +1 555 01xx-style fictional numbers; the digits come from the deployment id.
            var digits = string.Concat(hex[^7..].Select(c => (char)('0' + Convert.ToInt32(c.ToString(), 16) % 10)));
            var phone = $"+1555{digits}";
            return (phone, [new AttributeType { Name = "phone_number", Value = phone }]);
        }

        return ($"{UsernamePrefix}{shortId}", null);
    }

    private static string PoolOf(Deployment deployment) =>
        deployment.UserPoolId ?? deployment.Resources.FirstOrDefault(r => r.Kind == ResourceKind.UserPool && r.DeletedAt is null)?.AwsId
        ?? throw new ProvisioningException("This deployment has no user pool recorded; there is no one to sign in.");

    private static string SecretHash(string clientSecret, string username, string clientId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(username + clientId)));
}
