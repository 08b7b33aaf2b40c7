namespace SecureApi.Sandbox;

/// <summary>Configuration section <c>Sandbox</c>.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>When true (the default for <c>dotnet run</c> of the portal) the portal hosts the Sandbox and uses it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where both AWS services listen (LocalStack-style single port). Port 0 picks a free port (tests).</summary>
    public string Url { get; set; } = "http://127.0.0.1:4566";

    /// <summary>Credentials the Sandbox accepts in SigV4 signatures.</summary>
    public string AccessKey { get; set; } = "test";
    public string SecretKey { get; set; } = "test";

    /// <summary>Account id used in ARNs.</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>Latency added to every AWS (control-plane) call answered, in milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Token bucket per service; when empty, calls get 429 <c>TooManyRequestsException</c>. Null = no throttling.</summary>
    public ThrottleOptions? Throttle { get; set; }

    /// <summary>Injected failures: the Nth call of an operation fails with the given error.</summary>
    public List<FaultOptions> Faults { get; set; } = [];

    /// <summary>Optional file where state (including signing keys) is saved, so it survives a restart. Null = memory only.</summary>
    public string? StatePath { get; set; }
}

public sealed class ThrottleOptions
{
    public double RatePerSecond { get; set; } = 10;
    public int Burst { get; set; } = 40;
}

public sealed class FaultOptions
{
    /// <summary>Operation name, e.g. <c>CreateRoute</c> or <c>CreateUserPool</c>.</summary>
    public string Operation { get; set; } = "";
    /// <summary>1-based: which call of that operation fails (counted from when the fault was set).</summary>
    public int OnCall { get; set; } = 1;
    /// <summary>How many consecutive calls fail from there (1 = just that one).</summary>
    public int Times { get; set; } = 1;
    public string ErrorCode { get; set; } = "InternalErrorException";
    public int StatusCode { get; set; } = 500;
    public string Message { get; set; } = "Injected failure";
}
