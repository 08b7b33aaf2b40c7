using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Tests.Engine;
using SecureApi.Provisioning.Verification;
using static SecureApi.Provisioning.Verification.VerificationCheckNames;

namespace SecureApi.Provisioning.Tests.Verification;

public sealed class ExistingPoolVerificationTests : VerificationTestBase
{
    private async Task<string> ExistingPoolAsync()
    {
        var pool = await Aws.Clients.Cognito(TestData.Region).CreateUserPoolAsync(new CreateUserPoolRequest { PoolName = "team-pool" });
        return pool.UserPool!.Id!;
    }

    [Fact]
    public async Task WithoutConsent_NoUserIsCreated_AndTheRefusalSaysWhatToDo()
    {
        var poolId = await ExistingPoolAsync();
        var deployment = await CreateActiveAsync(Spec(existingPoolId: poolId), waitForAutomaticRun: false);

        var refusal = await Assert.ThrowsAsync<ProvisioningException>(() => Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions()));

        Assert.Contains("existing user pool", refusal.Message);
        Assert.Contains("paste an access token", refusal.Message);
        Assert.Empty(UsersOf(poolId));
        Assert.DoesNotContain(Aws.Calls, c => c == "AdminCreateUser");
        // The automatic run after create did not verify it either: it waits for the person's choice.
        var details = await Deployments.GetAsync(deployment.Id, Admin);
        Assert.Null(details!.LatestVerification);
        Assert.Null(details.LastVerificationOutcome);
    }

    [Fact]
    public async Task WithAPastedToken_PassesWithoutCreatingAUser()
    {
        var poolId = await ExistingPoolAsync();
        var deployment = await CreateActiveAsync(Spec(existingPoolId: poolId), waitForAutomaticRun: false);
        var token = await OwnTokenAsync(poolId, deployment.ClientId!);

        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions { AccessToken = token });

        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        Assert.All(run.Checks.Where(c => c.Check is AccessToken or NoToken or TamperedToken), c => Assert.True(c.Passed && c.Applicable, c.Detail));
        Assert.All(run.Checks.Where(c => c.Check is IdToken or OtherAudience), c => Assert.False(c.Applicable));
        Assert.Equal(["person@example.com"], UsersOf(poolId).Keys);
        Assert.DoesNotContain(Logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithConsent_CreatesATestUser_ThatTheDeleteRemovesWhileKeepingThePool()
    {
        var poolId = await ExistingPoolAsync();
        var deployment = await CreateActiveAsync(Spec(existingPoolId: poolId), waitForAutomaticRun: false);

        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions { AllowTestUserInExistingPool = true });

        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        var username = Assert.Single(UsersOf(poolId).Keys);
        Assert.StartsWith("secureapi-verify-", username);
        Aws.ClearCalls();

        await DeleteAndWaitAsync(deployment.Id);

        Assert.Contains("AdminDeleteUser", Aws.Calls);
        Assert.Empty(UsersOf(poolId));
        Assert.True(await TestData.PoolExistsAsync(Aws.Clients, poolId));
    }

    [Fact]
    public async Task SecondDeploymentOnTheSamePool_ChecksATokenOfTheOtherClientIsRefused()
    {
        var poolId = await ExistingPoolAsync();
        await CreateActiveAsync(Spec("first-api", existingPoolId: poolId), waitForAutomaticRun: false);
        var second = await CreateActiveAsync(Spec("second-api", existingPoolId: poolId), waitForAutomaticRun: false);

        var run = await Verification.VerifyAsync(second.Id, Admin, new VerifyOptions { AllowTestUserInExistingPool = true });

        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        Assert.All(run.Checks.Where(c => c.Check == OtherAudience), c =>
        {
            Assert.True(c.Applicable);
            Assert.Equal(401, c.Status);
            Assert.True(c.Passed);
        });
    }

    private async Task<string> OwnTokenAsync(string poolId, string clientId)
    {
        var cognito = Aws.Clients.Cognito(TestData.Region);
        await cognito.AdminCreateUserAsync(new AdminCreateUserRequest { UserPoolId = poolId, Username = "person@example.com", MessageAction = "SUPPRESS" });
        await cognito.AdminSetUserPasswordAsync(new AdminSetUserPasswordRequest { UserPoolId = poolId, Username = "person@example.com", Password = "Pers0n-Passw0rd!", Permanent = true });
        var auth = await cognito.AdminInitiateAuthAsync(new AdminInitiateAuthRequest
        {
            UserPoolId = poolId,
            ClientId = clientId,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new() { ["USERNAME"] = "person@example.com", ["PASSWORD"] = "Pers0n-Passw0rd!" },
        });
        return auth.AuthenticationResult!.AccessToken!;
    }
}
