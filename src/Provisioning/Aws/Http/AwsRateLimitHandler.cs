namespace SecureApi.Provisioning.Aws.Http;

/// <summary>
/// Waits for a token of the request's account+region+service bucket before each attempt (AWS counts retries
/// against the quota too). Sits inside the retry handler and outside the attempt timeout and the signer, so a long
/// wait neither times the attempt out nor ages the signature.
/// </summary>
internal sealed class AwsRateLimitHandler(AwsRateLimiters limiters) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(AwsRequestOptions.Service, out var service)
            && request.Options.TryGetValue(AwsRequestOptions.Region, out var region)
            && limiters.For(service, region) is { } limiter)
        {
            using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                // Only possible when the limiter is disposed at shutdown; there is no quota to keep then.
                throw new OperationCanceledException("The AWS rate limiter was shut down.", cancellationToken);
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
