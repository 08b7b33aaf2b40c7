namespace SecureApi.Provisioning.Records;

/// <summary>One "prove it is secured" run against a deployment's invoke URL; the history of runs is kept.</summary>
public sealed class VerificationRun
{
    public Guid Id { get; set; }
    public Guid DeploymentId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public VerificationOutcome Outcome { get; set; }
    /// <summary>Plain-language remark, e.g. that the first check waited for a new stage to serve.</summary>
    public string? Note { get; set; }
    /// <summary>How long the first check waited for a new stage to serve (0 when it answered at once).</summary>
    public long WaitedMs { get; set; }

    public List<VerificationCheck> Checks { get; set; } = [];
}

/// <summary>One request of a run: a route called one way (no token, valid token, tampered token, …) and what came back.</summary>
public sealed class VerificationCheck
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    /// <summary>Route key checked, e.g. <c>GET /users/{userId}</c>.</summary>
    public string Route { get; set; } = "";
    /// <summary>Which check, e.g. <c>no-token</c>, <c>access-token</c>, <c>id-token</c>, <c>tampered-token</c>.</summary>
    public string Check { get; set; } = "";
    /// <summary>What should happen, e.g. <c>401</c> or <c>not 401/403</c>.</summary>
    public string Expected { get; set; } = "";
    /// <summary>HTTP status received; null when no response came back.</summary>
    public int? Status { get; set; }
    public bool Passed { get; set; }
    /// <summary>False when the check could not apply here (e.g. no other app client in the pool): never counted as a failure.</summary>
    public bool Applicable { get; set; } = true;
    public long LatencyMs { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Detail { get; set; }
}

/// <summary>Result of a verification run: Pass only when every check passed.</summary>
public enum VerificationOutcome
{
    Running,
    Pass,
    Fail,
}
