using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Verification;

/// <summary>
/// Proves a deployment is secured by calling its own invoke URL (as recorded from AWS) the ways a client would:
/// without a token (401 expected), with valid access and ID tokens (the authorizer lets them through), with a tampered
/// token and with a token of another app client (401). Runs are kept as history. Roles as for deployments: Viewers
/// read the history; Operators verify their own deployments; Admins any.
/// </summary>
public interface IVerificationService
{
    /// <summary>
    /// Runs every check now and records the run. Refused (<see cref="ProvisioningException"/>) for a deployment that is
    /// not Active or Drifted, and for an existing pool without consent or a pasted token.
    /// </summary>
    Task<VerificationRunInfo> VerifyAsync(Guid deploymentId, Caller caller, VerifyOptions options, CancellationToken cancellationToken = default);

    /// <summary>The deployment's runs, newest first.</summary>
    Task<IReadOnlyList<VerificationRunInfo>> HistoryAsync(Guid deploymentId, Caller caller, int take = 20, CancellationToken cancellationToken = default);

    /// <summary>The newest run, or null when the deployment was never verified.</summary>
    Task<VerificationRunInfo?> LatestAsync(Guid deploymentId, Caller caller, CancellationToken cancellationToken = default);

    /// <summary>
    /// "Try it yourself": a ready <c>curl</c> per route with a fresh access token of the test user, and without one.
    /// The token is returned to the caller only (to show in the page); it is never logged or stored.
    /// </summary>
    Task<TryItCommands> GetTryItAsync(Guid deploymentId, Caller caller, VerifyOptions options, CancellationToken cancellationToken = default);
}

/// <summary>What the person allowed or supplied for one verification.</summary>
public sealed record VerifyOptions
{
    /// <summary>Consent to create a portal-managed test user in a pool SecureApi did not create.</summary>
    public bool AllowTestUserInExistingPool { get; init; }

    /// <summary>An access token of the person's own, used instead of a test user. Never logged or stored.</summary>
    public string? AccessToken { get; init; }

    /// <summary>Never print the token.</summary>
    public override string ToString() =>
        $"VerifyOptions {{ AllowTestUserInExistingPool = {AllowTestUserInExistingPool}, AccessToken = {(AccessToken is null ? "none" : "***")} }}";
}

/// <summary>One verification run as the portal shows it.</summary>
public sealed record VerificationRunInfo(
    Guid Id,
    Guid DeploymentId,
    VerificationOutcome Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    bool Waited,
    long WaitedMs,
    string? Note,
    IReadOnlyList<VerificationCheckInfo> Checks);

/// <summary>One request of a run and what came back. <see cref="Applicable"/> false: not run here, not a failure.</summary>
public sealed record VerificationCheckInfo(
    string Route,
    string Check,
    string Expected,
    int? Status,
    bool Passed,
    bool Applicable,
    long LatencyMs,
    DateTimeOffset At,
    string? Detail);

/// <summary>Ready commands for every route; <see cref="TokenExpiresAt"/> is when the embedded token stops working.</summary>
public sealed record TryItCommands(DateTimeOffset? TokenExpiresAt, IReadOnlyList<RouteCurl> Routes);

/// <summary>The same call with and without the token.</summary>
public sealed record RouteCurl(string Route, string WithoutToken, string? WithToken);

/// <summary>The names of the checks, as recorded and shown.</summary>
public static class VerificationCheckNames
{
    public const string NoToken = "no-token";
    public const string AccessToken = "access-token";
    public const string IdToken = "id-token";
    public const string TamperedToken = "tampered-token";
    public const string OtherAudience = "other-audience";
}
