using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace SecureApi.Provisioning.Verification;

/// <summary>What one request to the invoke URL got back. <see cref="Status"/> is null when no response came.</summary>
internal sealed record ProbeResult(int? Status, string? Body, long LatencyMs, DateTimeOffset At, string? Failure)
{
    /// <summary>API Gateway's own "no route matched" answer (an integration's 404 has its own body).</summary>
    public bool IsGatewayNotFound => Status == 404 && Body?.Replace(" ", "", StringComparison.Ordinal) == "{\"message\":\"NotFound\"}";
}

/// <summary>
/// Sends the verification's requests. Only ever to a URL built from the deployment's recorded invoke URL and route
/// keys, never to one from a request (no SSRF). The client follows no redirects, keeps no cookies, times out fast,
/// and has no logging handler, so the Authorization header can never reach a log.
/// </summary>
internal sealed class ApiProbe(IHttpClientFactory httpClients, IOptions<VerificationOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "SecureApi.Verification";
    private const int MaxBodyChars = 2048;

    public async Task<ProbeResult> SendAsync(RouteSample route, Uri invokeUrl, string? token, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.UrlUnder(invokeUrl));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        var at = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadSomeAsync(response, timeout.Token);
            return new ProbeResult((int)response.StatusCode, body, watch.ElapsedMilliseconds, at, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(null, null, watch.ElapsedMilliseconds, at, $"No answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            // The message names the host and the socket error only; no header is part of it.
            return new ProbeResult(null, null, watch.ElapsedMilliseconds, at, $"No answer: {ex.Message}");
        }
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxBodyChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }
}
