using Microsoft.Extensions.DependencyInjection;
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
    private readonly NotServedSignal _notServed = new();

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
        // Turn the stage on only once the verifier has met it not serving (on a slow machine getting the tokens alone
        // can take longer than any fixed delay).
        await _notServed.Seen.WaitAsync(TimeSpan.FromSeconds(50));
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

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(ApiProbe.HttpClientName).AddHttpMessageHandler(() => new NotServedSignal.Handler(_notServed));

    private void SetStageServing(string apiId, bool serving)
    {
        lock (Aws.Server.State.Gate)
        {
            Aws.Server.State.Apis[apiId].Stages["$default"].AutoDeploy = serving;
        }
    }
}

/// <summary>Completes when the verifier's probe first gets the 404 of a stage that does not serve yet.</summary>
internal sealed class NotServedSignal
{
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Seen => _seen.Task;

    public sealed class Handler(NotServedSignal signal) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                signal._seen.TrySetResult();
            }

            return response;
        }
    }
}
