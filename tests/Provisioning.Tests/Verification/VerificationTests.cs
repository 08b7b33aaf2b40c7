using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Tests.Engine;
using SecureApi.Provisioning.Verification;
using static SecureApi.Provisioning.Verification.VerificationCheckNames;

namespace SecureApi.Provisioning.Tests.Verification;

public sealed class VerificationTests : VerificationTestBase
{
    [Fact]
    public async Task FreshDeployment_IsVerifiedAutomaticallyAfterCreate_AndPassesWithEveryCheckListed()
    {
        var deployment = await CreateActiveAsync(Spec());

        Assert.Equal(DeploymentState.Active, deployment.State);
        Assert.Equal("Pass", deployment.LastVerificationOutcome);
        var run = Assert.IsType<VerificationRunInfo>(deployment.LatestVerification);
        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        Assert.False(run.Waited);
        Assert.Equal(["GET /users/{userId}", "POST /orders"], run.Checks.Select(c => c.Route).Distinct());
        foreach (var route in new[] { "GET /users/{userId}", "POST /orders" })
        {
            var checks = run.Checks.Where(c => c.Route == route).ToDictionary(c => c.Check);
            Assert.Equal([NoToken, AccessToken, IdToken, TamperedToken, OtherAudience], checks.Keys);
            Assert.Equal(401, checks[NoToken].Status);
            Assert.Equal(200, checks[AccessToken].Status);
            Assert.Equal("authorizer passed; integration answered 200", checks[AccessToken].Detail);
            Assert.Equal(200, checks[IdToken].Status);
            Assert.Equal(401, checks[TamperedToken].Status);
            Assert.All(checks.Values.Where(c => c.Check != OtherAudience), c => Assert.True(c.Passed && c.Applicable, $"{route} {c.Check}: {c.Detail}"));
            Assert.False(checks[OtherAudience].Applicable);
            Assert.Contains("does not create one", checks[OtherAudience].Detail);
        }

        var history = await Verification.HistoryAsync(deployment.Id, Admin);
        Assert.Equal(run.Id, Assert.Single(history).Id);
    }

    [Fact]
    public async Task RouteWhoseAuthorizerWasRemovedBehindThePortalsBack_FailsOnExactlyThatRouteAndTheNoTokenCheck()
    {
        var deployment = await CreateActiveAsync(Spec());
        var route = deployment.Routes.Single(r => r.RouteKey == "POST /orders");
        await Aws.Clients.HttpApi(TestData.Region).UpdateRouteAsync(new UpdateRouteRequest
        {
            ApiId = deployment.ApiId!,
            RouteId = route.RouteId!,
            AuthorizationType = "NONE",
        });

        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());

        Assert.Equal(VerificationOutcome.Fail, run.Outcome);
        var failed = Assert.Single(run.Checks, c => c.Applicable && !c.Passed);
        Assert.Equal(("POST /orders", NoToken, 200), (failed.Route, failed.Check, failed.Status));
        Assert.Contains("WITHOUT a token", failed.Detail);
        Assert.All(run.Checks.Where(c => c.Route == "GET /users/{userId}" && c.Applicable), c => Assert.True(c.Passed));
        var after = await Deployments.GetAsync(deployment.Id, Admin);
        Assert.Equal(DeploymentState.Active, after!.State);
        Assert.Equal("Fail", after.LastVerificationOutcome);
    }

    [Fact]
    public async Task IntegrationTargetGone_ReportsAuthorizerPassedIntegrationFailed_AndStillPasses()
    {
        var deployment = await CreateActiveAsync(Spec(integrationUrl: ClosedLoopbackUrl()));

        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());

        // What is verified is the authorizer: it let valid tokens through and refused the others.
        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        var access = run.Checks.First(c => c.Check == AccessToken);
        Assert.Equal(500, access.Status);
        Assert.True(access.Passed);
        Assert.StartsWith("authorizer passed; integration answered 500", access.Detail);
        Assert.Contains("integration failed", access.Detail);
    }

    [Fact]
    public async Task DeletedDeployment_IsRefused()
    {
        var deployment = await CreateActiveAsync(Spec());
        await DeleteAndWaitAsync(deployment.Id);

        var refusal = await Assert.ThrowsAsync<ProvisioningException>(() => Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions()));

        Assert.Contains("deleted", refusal.Message);
        Assert.Contains("nothing left to verify", refusal.Message);
    }

    [Fact]
    public async Task Delete_RemovesTheTestUserWithThePool_AndTheRecordShowsItGone()
    {
        var deployment = await CreateActiveAsync(Spec());
        var user = Assert.Single(deployment.Resources, r => r.Kind == ResourceKind.TestUser);
        Assert.StartsWith("secureapi-verify-", user.AwsId);
        Assert.True(user.CreatedByUs);
        Assert.Contains(user.AwsId, UsersOf(deployment.UserPoolId!).Keys);

        var preview = await Deployments.PreviewDeleteAsync(deployment.Id, Admin);
        Assert.Contains(preview.WillDelete, r => r.Kind == ResourceKind.TestUser);
        var deleted = await DeleteAndWaitAsync(deployment.Id);

        Assert.Equal(DeploymentState.Deleted, deleted.State);
        Assert.False(await TestData.PoolExistsAsync(Aws.Clients, deployment.UserPoolId!));
        Assert.True(Assert.Single(deleted.Resources, r => r.Kind == ResourceKind.TestUser).Deleted);
    }

    [Fact]
    public async Task Viewer_AndOperatorOfSomeoneElsesDeployment_CannotVerify_ButCanReadTheHistory()
    {
        var deployment = await CreateActiveAsync(Spec());

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Verification.VerifyAsync(deployment.Id, new Caller("v", "Vera Viewer", CallerRole.Viewer), new VerifyOptions()));
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Verification.VerifyAsync(deployment.Id, new Caller("o", "Otto Operator", CallerRole.Operator), new VerifyOptions()));
        Assert.Contains("Ada Admin", denied.Message);
        Assert.Single(await Verification.HistoryAsync(deployment.Id, new Caller("v", "Vera Viewer", CallerRole.Viewer)));
    }

    [Fact]
    public async Task KeptPasswordThatCannotBeRead_IsResetInsteadOfFailing()
    {
        var deployment = await CreateActiveAsync(Spec());
        var username = deployment.Resources.Single(r => r.Kind == ResourceKind.TestUser).AwsId;
        var before = UsersOf(deployment.UserPoolId!)[username];
        // As if the Data Protection keys were lost: the stored value no longer decrypts.
        await using (var db = await Host.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContextAsync())
        {
            var credential = await db.Set<TestUserCredential>().SingleAsync(c => c.DeploymentId == deployment.Id);
            credential.ProtectedPassword = "CfDJ8-not-a-protected-value";
            await db.SaveChangesAsync();
        }

        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());

        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        Assert.NotEqual(before, UsersOf(deployment.UserPoolId!)[username]);
        Assert.Single(UsersOf(deployment.UserPoolId!));
    }

    [Fact]
    public async Task KeptPassword_StillWorksAfterARestart_WithoutANewPassword()
    {
        var deployment = await CreateActiveAsync(Spec());
        var username = deployment.Resources.Single(r => r.Kind == ResourceKind.TestUser).AwsId;
        var before = UsersOf(deployment.UserPoolId!)[username];
        Aws.ClearCalls();

        await RestartAsync();
        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());

        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        Assert.Equal(before, UsersOf(deployment.UserPoolId!)[username]);
        Assert.DoesNotContain("AdminSetUserPassword", Aws.Calls);
        Assert.Contains("AdminInitiateAuth", Aws.Calls);
    }

    [Fact]
    public async Task AutomaticRunThatFails_LeavesTheDeploymentActiveWithLastVerificationFail()
    {
        // Cognito refuses every sign-in: the run records the token checks as not run and fails.
        Aws.FailCall("AdminInitiateAuth", 1, "NotAuthorizedException", System.Net.HttpStatusCode.BadRequest, "Incorrect username or password.", times: 20);

        var deployment = await CreateActiveAsync(Spec());

        Assert.Equal(DeploymentState.Active, deployment.State);
        Assert.Equal("Fail", deployment.LastVerificationOutcome);
        var run = deployment.LatestVerification!;
        Assert.Contains("could not sign in", run.Note);
        Assert.All(run.Checks.Where(c => c.Check == NoToken), c => Assert.True(c.Passed));
        Assert.Contains(run.Checks, c => c.Check == AccessToken && !c.Passed && c.Detail!.StartsWith("Not run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryIt_GivesCurlWithAndWithoutAFreshToken_AndTheTokenWorks()
    {
        var deployment = await CreateActiveAsync(Spec());

        var tryIt = await Verification.GetTryItAsync(deployment.Id, Admin, new VerifyOptions());

        Assert.NotNull(tryIt.TokenExpiresAt);
        Assert.True(tryIt.TokenExpiresAt > DateTimeOffset.UtcNow);
        var users = tryIt.Routes.Single(r => r.Route == "GET /users/{userId}");
        Assert.Equal($"curl -i -X GET '{deployment.InvokeUrl!.TrimEnd('/')}/users/101'", users.WithoutToken);
        Assert.StartsWith(users.WithoutToken + " -H 'Authorization: Bearer ey", users.WithToken);
        var token = users.WithToken![(users.WithToken!.IndexOf("Bearer ", StringComparison.Ordinal) + 7)..^1];
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{deployment.InvokeUrl!.TrimEnd('/')}/users/101");
        request.Headers.Authorization = new("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }
}
