using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SecureApi.Provisioning.Aws.Http;

/// <summary>
/// Which failures are worth another attempt — the retry sets of the .NET SDK and botocore (aws-wire.md §2.3):
/// throttling codes, 5xx, network failures and attempt timeouts. Client errors (NotFound, Conflict, BadRequest,
/// InvalidParameter, NotAuthorized, …) are final. A signature refused because the local clock is off (a clock-skew
/// code and a response <c>Date</c> more than a few minutes from the time signed) is re-signed with the corrected time
/// and sent once more, even when retries are off: that is a correction, not a retry of a failure.
/// </summary>
internal static class AwsRetryPolicy
{
    public const string RetryPipelineName = "aws-retry";
    public const string AttemptPipelineName = "aws-attempt-timeout";

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "RequestTimeout", "RequestTimeoutException",
    };

    private static readonly HashSet<string> ClockSkewCodes = new(StringComparer.Ordinal)
    {
        "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure",
    };

    private static readonly HttpRequestOptionsKey<bool> ClockSkewCorrected = new("SecureApi.Aws.ClockSkewCorrected");

    private static readonly HashSet<HttpStatusCode> TransientStatuses =
    [
        HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway,
        HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    /// <summary>
    /// The retries: exponential backoff with jitter, bounded attempts. No overall timeout on purpose: the rate limiter
    /// below may make a call wait its turn, and waiting must not fail it (the caller's token still cancels).
    /// </summary>
    public static void ConfigureRetry(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, AwsRetryOptions options, AwsClockSkew clockSkew)
    {
        // At least one retry, for the clock-skew correction; ordinary retries stop at MaxAttempts (checked below).
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxAttempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = arguments => ShouldRetryAsync(arguments, options, clockSkew),
        });
    }

    /// <summary>
    /// Time allowed for one attempt once it holds its rate-limit token; an attempt that runs out counts as a network
    /// failure and is retried.
    /// </summary>
    public static void ConfigureAttemptTimeout(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, AwsRetryOptions options) =>
        pipeline.AddTimeout(options.AttemptTimeout);

    private static async ValueTask<bool> ShouldRetryAsync(
        RetryPredicateArguments<HttpResponseMessage> arguments, AwsRetryOptions options, AwsClockSkew clockSkew)
    {
        // AttemptNumber is 0 for the first attempt.
        var mayRetry = arguments.AttemptNumber + 1 < options.MaxAttempts;
        if (arguments.Outcome.Exception is { } exception)
        {
            return mayRetry && exception is HttpRequestException or TimeoutRejectedException;
        }

        if (arguments.Outcome.Result is not { IsSuccessStatusCode: false } response)
        {
            return false;
        }

        // The error code decides; Cognito sends it only in the body. The body is buffered so that the client can
        // still read it when this attempt turns out to be the last one.
        await response.Content.LoadIntoBufferAsync(arguments.Context.CancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(arguments.Context.CancellationToken).ConfigureAwait(false);
        var code = AwsErrorParser.Parse(response, body).Code;

        if (ClockSkewCodes.Contains(code))
        {
            return IsFirstClockSkewCorrection(response, clockSkew);
        }

        if (code == "LimitExceededException")
        {
            return mayRetry && arguments.AttemptNumber + 1 < options.LimitExceededMaxAttempts;
        }

        return mayRetry && (ThrottlingCodes.Contains(code) || TransientStatuses.Contains(response.StatusCode));
    }

    // Only a skewed Date makes a signature error worth another try: a wrong secret is refused again, however often it
    // is signed. Once per call: if the corrected signature is refused too, the clock was not the problem.
    private static bool IsFirstClockSkewCorrection(HttpResponseMessage response, AwsClockSkew clockSkew)
    {
        if (response.RequestMessage is not { RequestUri: { } endpoint } request
            || response.Headers.Date is not { } serverTime
            || (request.Options.TryGetValue(ClockSkewCorrected, out var corrected) && corrected))
        {
            return false;
        }

        if (!clockSkew.TryCorrect(endpoint, serverTime))
        {
            return false;
        }

        request.Options.Set(ClockSkewCorrected, true);
        return true;
    }
}
