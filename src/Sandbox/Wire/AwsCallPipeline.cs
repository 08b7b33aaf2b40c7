using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using SecureApi.Sandbox.Auth;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.Wire;

/// <summary>
/// What every control-plane call goes through, in AWS's order: count it, check its signature, wait the injected
/// latency, take a throttling token, fire an armed fault, run the operation (under the state lock unless it locks
/// itself), let the crash hook run, then write the response — or the error in the service's own wire format.
/// </summary>
internal sealed class AwsCallPipeline(
    SandboxState state,
    SandboxOptions options,
    SandboxControl control,
    StateChangeNotifier changes,
    TimeProvider time,
    ILogger<AwsCallPipeline> logger)
{
    private readonly SigV4Verifier _verifier = new(options.AccessKey, options.SecretKey, time);

    public async Task ExecuteAsync(
        HttpContext http,
        AwsService service,
        string operation,
        byte[] body,
        bool signed,
        bool holdStateLock,
        Func<AwsCall, AwsResponse> handler)
    {
        control.CountCall(operation);
        try
        {
            var region = signed ? Authenticate(http, service, body) : "us-east-1";
            await control.DelayAsync(http.RequestAborted);
            if (!control.TryAcquire(service.SigningName))
            {
                throw new SandboxAwsError("TooManyRequestsException", service == AwsService.Cognito ? "Rate exceeded" : "Too Many Requests",
                    HttpStatusCode.TooManyRequests);
            }

            if (control.NextFault(operation) is { } fault)
            {
                throw new SandboxAwsError(fault.ErrorCode, fault.Message, (HttpStatusCode)fault.StatusCode);
            }

            var call = new AwsCall(operation, region, ParseBody(body), http);
            AwsResponse response;
            if (holdStateLock)
            {
                lock (state.Gate)
                {
                    response = handler(call);
                }
            }
            else
            {
                response = handler(call);
            }

            changes.Notify();
            if (!await RunAfterOperationHookAsync(http, operation))
            {
                return;
            }

            await WriteAsync(http, service, response);
        }
        catch (SandboxAwsError error)
        {
            await WriteErrorAsync(http, service, error);
        }
        catch (Exception error) when (error is not OperationCanceledException && !http.Response.HasStarted)
        {
            // A Sandbox bug must still look like an AWS fault to the caller (a retryable 500), not a dropped connection.
            logger.LogError(error, "Sandbox operation {Operation} failed", operation);
            await WriteErrorAsync(http, service, new SandboxAwsError(
                service == AwsService.Cognito ? "InternalErrorException" : "InternalServerErrorException",
                "An internal error occurred in the Sandbox.", HttpStatusCode.InternalServerError));
        }
    }

    /// <summary>Writes an error before any operation ran (unknown operation or route), still with a request id.</summary>
    public static Task WriteErrorAsync(HttpContext http, AwsService service, SandboxAwsError error)
    {
        http.Response.StatusCode = (int)error.Status;
        http.Response.Headers["x-amzn-ErrorType"] = error.Code;
        var body = new JsonObject();
        if (service.ErrorTypeInBody)
        {
            body["__type"] = error.Code;
        }

        body["message"] = error.Message;
        return WriteJsonAsync(http, service, body);
    }

    private string Authenticate(HttpContext http, AwsService service, byte[] body)
    {
        var result = _verifier.Verify(ToSignedRequest(http, body));
        if (!result.IsValid)
        {
            var message = result.ErrorCode == SigV4Verifier.MissingToken && service == AwsService.Cognito
                ? "Missing Authentication Token"
                : result.Message!;
            // What AWS sends for a stale or future X-Amz-Date: Cognito (awsJson) 400, API Gateway 403.
            var status = result.OutsideTimeWindow && service == AwsService.Cognito ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden;
            throw new SandboxAwsError(result.ErrorCode!, message, status);
        }

        if (!string.Equals(result.Service, service.SigningName, StringComparison.Ordinal))
        {
            throw new SandboxAwsError(SigV4Verifier.InvalidSignature,
                $"Credential should be scoped to correct service: '{service.SigningName}'.", HttpStatusCode.Forbidden);
        }

        return result.Region!;
    }

    private static SignedRequest ToSignedRequest(HttpContext http, byte[] body)
    {
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
        {
            rawTarget = http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            headers[name] = string.Join(',', values.Where(v => v is not null));
        }

        var uri = new Uri($"{http.Request.Scheme}://{http.Request.Host.Value}{rawTarget}");
        return new SignedRequest(http.Request.Method, uri, headers, body);
    }

    private static JsonElement ParseBody(byte[] body)
    {
        if (body.Length == 0)
        {
            return JsonDocument.Parse("{}").RootElement;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new SandboxAwsError("SerializationException", "Request body is not valid JSON.");
        }
    }

    private async Task<bool> RunAfterOperationHookAsync(HttpContext http, string operation)
    {
        if (control.AfterOperation is not { } hook)
        {
            return true;
        }

        try
        {
            await hook(operation);
            return true;
        }
        catch (Exception)
        {
            // The hook simulates the caller's process dying after AWS acted: drop the connection without a response.
            http.Abort();
            return false;
        }
    }

    private static Task WriteAsync(HttpContext http, AwsService service, AwsResponse response)
    {
        http.Response.StatusCode = response.Status;
        if (response.Status == StatusCodes.Status204NoContent)
        {
            return Task.CompletedTask;
        }

        return WriteJsonAsync(http, service, response.Body ?? new JsonObject());
    }

    private static async Task WriteJsonAsync(HttpContext http, AwsService service, JsonNode body)
    {
        http.Response.ContentType = service.ContentType;
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
