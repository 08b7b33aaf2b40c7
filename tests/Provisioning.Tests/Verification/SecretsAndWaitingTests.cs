using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Provisioning.Tests.Verification;

public sealed class SecretsInLogsTests : VerificationTestBase
{
    [Fact]
    public async Task CreateVerifyTryItDelete_NeverLogThePasswordOrAnyToken()
    {
        var deployment = await CreateActiveAsync(Spec());
        var username = deployment.Resources.Single(r => r.Kind == ResourceKind.TestUser).AwsId;
        var password = UsersOf(deployment.UserPoolId!)[username]!;
        await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());
        var tryIt = await Verification.GetTryItAsync(deployment.Id, Admin, new VerifyOptions());
        var token = tryIt.Routes[0].WithToken!.Split("Bearer ")[1].TrimEnd('\'');
        await DeleteAndWaitAsync(deployment.Id);

        var lines = Logs.Lines;
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains(username, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal));
        // No JWT of any kind (they all start with a base64url '{"'), tampered or not.
        Assert.DoesNotContain(lines, l => l.Contains("eyJ", StringComparison.Ordinal));
        Assert.Equal(TestUserPassword.Length, password.Length);
    }
}

public sealed class FirstCheckWaitTests : VerificationTestBase
{
    public FirstCheckWaitTests()
    {
        Settings["Verification:VerifyAfterCreate"] = "false";
        Settings["Verification:FirstCheckWait"] = "00:00:01.500";
    }

    [Fact]
    public async Task StageThatNeverServes_IsWaitedForOnlyUpToTheBound_AndTheRunSaysItWaited()
    {
        var deployment = await CreateActiveAsync(Spec(), waitForAutomaticRun: false);
        SetStageServing(deployment.ApiId!, false);

        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());

        Assert.Equal(VerificationOutcome.Fail, run.Outcome);
        Assert.True(run.Waited);
        Assert.InRange(run.WaitedMs, 1000, 60_000);
        Assert.Contains("still did not answer", run.Note);
        var first = run.Checks[0];
        Assert.Equal((VerificationCheckNames.NoToken, 404), (first.Check, first.Status));
        Assert.Contains("no route", first.Detail);
    }

    [Fact]
    public async Task StageStartingToServeDuringTheWait_Passes_AndTheRunSaysItWaited()
    {
        Settings["Verification:FirstCheckWait"] = "00:01:00";
        await RestartAsync();
        var deployment = await CreateActiveAsync(Spec(), waitForAutomaticRun: false);
        SetStageServing(deployment.ApiId!, false);

        var verifying = Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());
        await Task.Delay(700);
        SetStageServing(deployment.ApiId!, true);
        var run = await verifying;

        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        Assert.True(run.Waited);
        Assert.StartsWith("Waited", run.Note);
        Assert.Contains("before the first check", run.Note);
    }

    [Fact]
    public async Task StageServingAtOnce_IsNotWaitedFor()
    {
        var deployment = await CreateActiveAsync(Spec(), waitForAutomaticRun: false);

        var run = await Verification.VerifyAsync(deployment.Id, Admin, new VerifyOptions());

        Assert.Equal(VerificationOutcome.Pass, run.Outcome);
        Assert.False(run.Waited);
        Assert.Equal(0, run.WaitedMs);
        Assert.Null(run.Note);
    }

    private void SetStageServing(string apiId, bool serving)
    {
        lock (Aws.Server.State.Gate)
        {
            Aws.Server.State.Apis[apiId].Stages["$default"].AutoDeploy = serving;
        }
    }
}
