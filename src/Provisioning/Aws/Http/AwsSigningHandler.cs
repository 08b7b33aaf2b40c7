using Amazon;
using Amazon.Runtime.Signing;

namespace SecureApi.Provisioning.Aws.Http;

/// <summary>
/// Signs each attempt with the SDK's SigV4 signer, exactly as it will be sent: every request and content header
/// present at this point (no charset surprises) and the body bytes. Sits below the retry handler, so each retry is
/// re-signed with a fresh <c>X-Amz-Date</c> and freshly resolved credentials. noAuth operations pass through unsigned.
/// The time signed is the signing clock corrected by the endpoint's known clock skew (<see cref="AwsClockSkew"/>).
/// </summary>
internal sealed class AwsSigningHandler(AwsCredentialSource credentials, AwsClockSkew clockSkew) : DelegatingHandler
{
    private static readonly string[] SigningHeaders = ["Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token"];

    // Added by the transport below us or not meaningful to sign; the SDK's signer skips User-Agent and friends itself.
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Expect", "Connection", "Host",
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(AwsRequestOptions.Attempts, out var attempts))
        {
            attempts.Increment();
        }

        // A retried message still carries the previous attempt's signature: never send a stale one.
        foreach (var header in SigningHeaders)
        {
            request.Headers.Remove(header);
        }

        if (!(request.Options.TryGetValue(AwsRequestOptions.Unsigned, out var unsigned) && unsigned))
        {
            await SignAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(AwsRequestOptions.Service, out var service)
            || !request.Options.TryGetValue(AwsRequestOptions.Region, out var region))
        {
            throw new InvalidOperationException("An AWS request must name its service and region before it is signed.");
        }

        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri,
        };

        foreach (var header in request.Headers.Where(header => !UnsignedHeaders.Contains(header.Key)))
        {
            signingRequest.Headers[header.Key] = string.Join(",", header.Value);
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.Where(header => !UnsignedHeaders.Contains(header.Key)))
            {
                signingRequest.Headers[header.Key] = string.Join(",", header.Value);
            }

            signingRequest.Content = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = await credentials.GetCredentialsAsync().ConfigureAwait(false),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = service.SigningName,
            SignedAt = clockSkew.SigningTime(request.RequestUri!).UtcDateTime,
        };

        var result = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
