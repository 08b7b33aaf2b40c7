using Amazon.Runtime;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// Everything the typed AWS clients need besides the request itself. <see cref="AwsServiceCollectionExtensions.AddAwsClients(Microsoft.Extensions.Hosting.IHostApplicationBuilder)"/>
/// fills it from the SDK's own <c>AWS</c> configuration section (<c>Profile</c>, <c>Region</c>, <c>ServiceURL</c>,
/// <c>CognitoServiceURL</c>, <c>ApiGatewayServiceURL</c>) plus <c>AWS:Retry</c> and <c>AWS:RateLimits</c>;
/// tests set it directly.
/// </summary>
public sealed class AwsClientOptions
{
    /// <summary>The SDK's configuration section.</summary>
    public const string SectionName = "AWS";

    /// <summary>
    /// Explicit credentials (tests, emulators). Null: the named <see cref="Profile"/>, else the SDK's default chain,
    /// resolved on every request so that rotated environment credentials are picked up.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Named profile from the shared credentials/config files (<c>AWS:Profile</c>).</summary>
    public string? Profile { get; set; }

    /// <summary>Non-default location of the shared credentials file (<c>AWS:ProfilesLocation</c>).</summary>
    public string? ProfilesLocation { get; set; }

    /// <summary>
    /// Default region (<c>AWS:Region</c>); when null, the profile's region, then <c>AWS_REGION</c>. Never instance metadata.
    /// Read <see cref="AwsClients.DefaultRegion"/> for the resolved value.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>One endpoint for both services (<c>AWS:ServiceURL</c>), e.g. the Sandbox <c>http://127.0.0.1:4566/</c>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Cognito-only endpoint override (<c>AWS:CognitoServiceURL</c>).</summary>
    public string? CognitoServiceUrl { get; set; }

    /// <summary>API Gateway-only endpoint override (<c>AWS:ApiGatewayServiceURL</c>).</summary>
    public string? ApiGatewayServiceUrl { get; set; }

    /// <summary>Read the SDK-wide <c>AWS_ENDPOINT_URL*</c> environment variables (off in tests that must not see them).</summary>
    public bool UseEndpointEnvironmentVariables { get; set; } = true;

    /// <summary>Retry and timeout policy (<c>AWS:Retry</c>).</summary>
    public AwsRetryOptions Retry { get; set; } = new();

    /// <summary>Client-side request rates per account, region and service (<c>AWS:RateLimits</c>).</summary>
    public AwsRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// <c>MaxResults</c> the paging helpers (<c>ListAllUserPoolsAsync</c>, <c>ListAllUserPoolClientsAsync</c>, <c>GetAll…Async</c>) ask for per page
    /// (<c>AWS:ListPageSize</c>). Null: 60 for ListUserPools and ListUserPoolClients (their maximum) and no limit for API Gateway, which then
    /// uses its own page size. Smaller pages mean more, shorter calls: handy against a slow endpoint and in tests.
    /// Cognito never gets more than 60.
    /// </summary>
    public int? ListPageSize { get; set; }

    /// <summary>
    /// Clock used for the SigV4 timestamp. Null: the machine's clock. Either way it is corrected per endpoint by the skew
    /// learnt when AWS refused a signature for its time (from the response's <c>Date</c>). Tests pin it to reproduce
    /// signatures, to make every attempt's <c>X-Amz-Date</c> distinct, or to play a machine whose clock is off.
    /// </summary>
    public TimeProvider? SigningClock { get; set; }
}

/// <summary>Retry policy: exponential backoff with jitter on throttling, 5xx, network failures and timeouts.</summary>
public sealed class AwsRetryOptions
{
    /// <summary>Total attempts per call, the first included.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Attempts when the error is <c>LimitExceededException</c>: Cognito also uses it for hard quotas (too many app
    /// clients), where waiting does not help.
    /// </summary>
    public int LimitExceededMaxAttempts { get; set; } = 3;

    /// <summary>First backoff delay; doubled on each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Time allowed for one attempt (after its rate-limit wait) before it counts as a network failure and is retried.
    /// There is no overall limit: a call may wait its turn at the rate limiter; the caller's token cancels it.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Token buckets shared by every client for the same account, region and service, however many deployments run:
/// callers wait for a token, they never fail because of this limit.
/// </summary>
public sealed class AwsRateLimitOptions
{
    /// <summary>Off: no client-side limiting (tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>API Gateway control plane: 10 requests/s, burst 40 (AWS's account quota).</summary>
    public AwsServiceRateLimit ApiGateway { get; set; } = new() { RequestsPerSecond = 10, Burst = 40 };

    /// <summary>Cognito user pool and app client changes: 15 requests/s.</summary>
    public AwsServiceRateLimit Cognito { get; set; } = new() { RequestsPerSecond = 15, Burst = 15 };
}

/// <summary>One token bucket: steady rate and burst size.</summary>
public sealed class AwsServiceRateLimit
{
    /// <summary>Tokens added per second (may be fractional).</summary>
    public double RequestsPerSecond { get; set; }

    /// <summary>Bucket size: requests allowed at once after a quiet period.</summary>
    public int Burst { get; set; }
}
