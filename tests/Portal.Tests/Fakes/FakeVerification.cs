using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Portal.Tests.Fakes;

/// <summary>The verification service for UI tests: records every call, answers with a run the test chose.</summary>
public sealed class FakeVerification : IVerificationService
{
    public List<(Guid Id, VerifyOptions Options)> VerifyCalls { get; } = [];
    public List<(Guid Id, VerifyOptions Options)> TryItCalls { get; } = [];
    public Dictionary<Guid, List<VerificationRunInfo>> Runs { get; } = [];

    /// <summary>What the next Verify returns (default: a Pass run of the deployment).</summary>
    public Func<Guid, VerificationRunInfo>? NextRun { get; set; }

    /// <summary>When set, Verify and TryIt throw it.</summary>
    public Exception? Failure { get; set; }

    public Task<VerificationRunInfo> VerifyAsync(Guid deploymentId, Caller caller, VerifyOptions options, CancellationToken cancellationToken = default)
    {
        VerifyCalls.Add((deploymentId, options));
        if (Failure is not null)
        {
            throw Failure;
        }

        var run = (NextRun ?? (id => SampleRuns.Pass(id)))(deploymentId);
        if (!Runs.TryGetValue(deploymentId, out var runs))
        {
            Runs[deploymentId] = runs = [];
        }

        runs.Insert(0, run);
        return Task.FromResult(run);
    }

    public Task<IReadOnlyList<VerificationRunInfo>> HistoryAsync(Guid deploymentId, Caller caller, int take = 20, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<VerificationRunInfo>>(Runs.TryGetValue(deploymentId, out var runs) ? [.. runs.Take(take)] : []);

    public Task<VerificationRunInfo?> LatestAsync(Guid deploymentId, Caller caller, CancellationToken cancellationToken = default) =>
        Task.FromResult(Runs.TryGetValue(deploymentId, out var runs) ? runs.FirstOrDefault() : null);

    public Task<TryItCommands> GetTryItAsync(Guid deploymentId, Caller caller, VerifyOptions options, CancellationToken cancellationToken = default)
    {
        TryItCalls.Add((deploymentId, options));
        if (Failure is not null)
        {
            throw Failure;
        }

        return Task.FromResult(new TryItCommands(new DateTimeOffset(2026, 11, 20, 10, 30, 0, TimeSpan.Zero),
        [
            new RouteCurl("GET /users/{userId}",
                "curl -i -X GET 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/users/101'",
                "curl -i -X GET 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/users/101' -H 'Authorization: Bearer eyJfresh'"),
        ]));
    }
}

/// <summary>Verification runs as the service would describe them.</summary>
public static class SampleRuns
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 45, 0, TimeSpan.Zero);

    public static VerificationRunInfo Pass(Guid deploymentId, string route = "GET /users/{userId}", int integrationStatus = 200) =>
        Run(deploymentId, VerificationOutcome.Pass,
        [
            Check(route, VerificationCheckNames.NoToken, "401", 401, true, "Refused without a token, as it must be."),
            Check(route, VerificationCheckNames.AccessToken, "not 401/403", integrationStatus, true, $"authorizer passed; integration answered {integrationStatus}"),
            Check(route, VerificationCheckNames.IdToken, "not 401/403", integrationStatus, true, $"authorizer passed; integration answered {integrationStatus}"),
            Check(route, VerificationCheckNames.TamperedToken, "401", 401, true, "Refused, as it must be."),
            new VerificationCheckInfo(route, VerificationCheckNames.OtherAudience, "401", null, false, false, 0, At, "Not applicable: no other app client."),
        ]);

    public static VerificationRunInfo Fail(Guid deploymentId, string route = "GET /users/{userId}") =>
        Run(deploymentId, VerificationOutcome.Fail,
        [
            Check(route, VerificationCheckNames.NoToken, "401", 200, false, "The route answered 200 WITHOUT a token: it is not protected by the authorizer."),
            Check(route, VerificationCheckNames.AccessToken, "not 401/403", 200, true, "authorizer passed; integration answered 200"),
        ]);

    public static VerificationRunInfo Run(Guid deploymentId, VerificationOutcome outcome, IReadOnlyList<VerificationCheckInfo> checks, string? note = null, long waitedMs = 0) =>
        new(Guid.NewGuid(), deploymentId, outcome, At, At.AddSeconds(2), waitedMs > 0, waitedMs, note, checks);

    private static VerificationCheckInfo Check(string route, string check, string expected, int? status, bool passed, string detail) =>
        new(route, check, expected, status, passed, true, 12, At, detail);
}
