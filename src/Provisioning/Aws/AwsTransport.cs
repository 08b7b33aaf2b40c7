using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using SecureApi.Provisioning.Aws.Http;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// The part both clients share: sends one operation through the handler chain (retry → rate limit → attempt timeout
/// → sign), turns any non-2xx, network failure or missing credentials into <see cref="AwsServiceException"/>, reads
/// any 2xx body tolerantly, and tells the listeners. Owns (disposes) the message it is given.
/// </summary>
internal sealed class AwsTransport(
    HttpClient http,
    IEnumerable<IAwsCallListener> listeners,
    ILogger<AwsTransport> logger)
{
    public const string HttpClientName = "SecureApi.Aws";

    /// <summary><see cref="AwsServiceException.ErrorCode"/> when no credentials could be resolved to sign with.</summary>
    public const string MissingCredentials = "MissingCredentials";

    private readonly IAwsCallListener[] _listeners = listeners.ToArray();

    public async Task<TResponse> SendAsync<TResponse>(
        AwsServiceInfo service,
        string region,
        string operation,
        object request,
        HttpRequestMessage message,
        JsonSerializerOptions json,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        using var disposeMessage = message;
        var attempts = new AttemptCounter();
        message.Options.Set(AwsRequestOptions.Service, service);
        message.Options.Set(AwsRequestOptions.Region, region);
        message.Options.Set(AwsRequestOptions.Operation, operation);
        message.Options.Set(AwsRequestOptions.Attempts, attempts);

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException
                                          && !cancellationToken.IsCancellationRequested)
        {
            var code = exception is TimeoutRejectedException ? "RequestTimeout" : "NetworkFailure";
            Notify(request, new AwsCall(service.SigningName, operation, region, 0, null, code, attempts.Count, Stopwatch.GetElapsedTime(started)));
            throw new AwsServiceException(service.SigningName, operation, code, 0, null, exception.Message, exception);
        }
        catch (AmazonClientException exception)
        {
            // Raised while signing, before anything was sent: no profile, no keys in the chain, a broken role setup.
            Notify(request, new AwsCall(service.SigningName, operation, region, 0, null, MissingCredentials, attempts.Count, Stopwatch.GetElapsedTime(started)));
            throw new AwsServiceException(service.SigningName, operation, MissingCredentials, 0, null, exception.Message, exception);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var requestId = AwsErrorParser.RequestId(response);
            if (!response.IsSuccessStatusCode)
            {
                var error = AwsErrorParser.Parse(response, body);
                Notify(request, new AwsCall(service.SigningName, operation, region, response.StatusCode, error.RequestId, error.Code, attempts.Count, Stopwatch.GetElapsedTime(started)));
                throw new AwsServiceException(service.SigningName, operation, error.Code, response.StatusCode, error.RequestId, error.Message);
            }

            var result = Deserialize<TResponse>(service, operation, response.StatusCode, requestId, body, json);
            Notify(request, new AwsCall(service.SigningName, operation, region, response.StatusCode, requestId, null, attempts.Count, Stopwatch.GetElapsedTime(started)));
            return result;
        }
    }

    // Success bodies may be empty (204), "{}", "null" or carry members this client does not know: all fine.
    private static TResponse Deserialize<TResponse>(
        AwsServiceInfo service, string operation, HttpStatusCode status, string? requestId, string body, JsonSerializerOptions json)
        where TResponse : class
    {
        try
        {
            var parsed = string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<TResponse>(body, json);
            return parsed ?? JsonSerializer.Deserialize<TResponse>("{}", json)!;
        }
        catch (JsonException exception)
        {
            // The call itself succeeded on AWS: say so, so that callers do not retry a create blindly.
            throw new AwsServiceException(service.SigningName, operation, "UnreadableResponse", status, requestId,
                $"AWS answered {(int)status} but the response body could not be read: {exception.Message}", exception);
        }
    }

    private void Notify(object request, AwsCall call)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnCallCompleted(request, call);
            }
            catch (Exception exception)
            {
                // A journal or metrics hiccup must not turn a finished AWS call into a failure.
                logger.LogWarning(exception, "AWS call listener {Listener} failed for {Service} {Operation}",
                    listener.GetType().Name, call.Service, call.Operation);
            }
        }
    }
}
