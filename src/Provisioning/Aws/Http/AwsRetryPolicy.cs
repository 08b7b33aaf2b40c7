using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SecureApi.Provisioning.Aws.Http;

/// <summary>
/// Which failures are worth another attempt — the retry sets of the .NET SDK and botocore (aws-wire.md §2.3):
/// throttling codes, 5xx, network failures and attempt timeouts. Client errors (NotFound, Conflict, BadRequest,
/// InvalidParameter, NotAuthorized, …) are final.
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

    private static readonly HashSet<HttpStatusCode> TransientStatuses =
    [
        HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway,
        HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    /// <summary>
    /// The retries: exponential backoff with jitter, bounded attempts. No overall timeout on purpose: the rate limiter
    /// below may make a call wait its turn, and waiting must not fail it (the caller's token still cancels).
    /// </summary>
    public static void ConfigureRetry(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, AwsRetryOptions options)
    {
        // Polly rejects zero retries; one attempt simply means no retry strategy.
        if (options.MaxAttempts > 1)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = arguments => ShouldRetryAsync(arguments, options),
            });
        }
    }

    /// <summary>
    /// Time allowed for one attempt once it holds its rate-limit token; an attempt that runs out counts as a network
    /// failure and is retried.
    /// </summary>
    public static void ConfigureAttemptTimeout(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, AwsRetryOptions options) =>
        pipeline.AddTimeout(options.AttemptTimeout);

    private static async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> arguments, AwsRetryOptions options)
    {
        if (arguments.Outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or TimeoutRejectedException;
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

        if (code == "LimitExceededException")
        {
            // AttemptNumber is 0 for the first attempt.
            return arguments.AttemptNumber + 1 < options.LimitExceededMaxAttempts;
        }

        return ThrottlingCodes.Contains(code) || TransientStatuses.Contains(response.StatusCode);
    }
}
