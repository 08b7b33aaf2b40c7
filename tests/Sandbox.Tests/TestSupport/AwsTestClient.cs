using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace SecureApi.Sandbox.Tests.TestSupport;

/// <summary>An AWS call's answer as a client sees it.</summary>
internal sealed record AwsReply(HttpStatusCode Status, JsonNode? Json, string? ErrorType, string? RequestId)
{
    public JsonNode Body => Json ?? throw new InvalidOperationException($"No JSON body (status {(int)Status}).");

    /// <summary>Cognito puts the code in <c>__type</c>, API Gateway only in the header; both send the header.</summary>
    public string? BodyType => Json?["__type"]?.GetValue<string>();

    public string? Message => Json?["message"]?.GetValue<string>();
}

/// <summary>A minimal AWS client for tests: JSON over HTTP, signed with AWSSDK.Core's SigV4 signer.</summary>
internal sealed class AwsTestClient(Uri endpoint, string accessKey = "test", string secretKey = "test", string region = "us-east-1") : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(100) };

    public Uri Endpoint => endpoint;

    public Task<AwsReply> CognitoAsync(string operation, object body, bool sign = true, string? overrideSecret = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
        request.Content = Json(body, "application/x-amz-json-1.1");
        return SendAsync(request, "cognito-idp", sign, overrideSecret);
    }

    public Task<AwsReply> ApiAsync(HttpMethod method, string pathAndQuery, object? body = null, bool sign = true, string? overrideSecret = null)
    {
        var request = new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery.TrimStart('/')));
        if (body is not null)
        {
            request.Content = Json(body, "application/json");
        }

        return SendAsync(request, "apigateway", sign, overrideSecret);
    }

    public async Task<AwsReply> SendAsync(HttpRequestMessage request, string service, bool sign, string? overrideSecret = null)
    {
        if (sign)
        {
            await SignAsync(request, service, overrideSecret ?? secretKey);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : null;
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.First() : null;
        return new AwsReply(response.StatusCode, json, errorType, requestId);
    }

    public void Dispose() => _http.Dispose();

    private async Task SignAsync(HttpRequestMessage request, string service, string secret)
    {
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri! };
        foreach (var header in request.Headers)
        {
            signing.Headers[header.Key] = string.Join(',', header.Value);
        }

        if (request.Content is not null)
        {
            signing.Content = await request.Content.ReadAsByteArrayAsync();
            signing.Headers["Content-Type"] = request.Content.Headers.ContentType!.ToString();
        }

        var result = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(accessKey, secret),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = service,
        });
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static ByteArrayContent Json(object body, string contentType)
    {
        // Sign exactly what is sent: no "; charset=utf-8" added behind the signer's back.
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body as string ?? JsonSerializer.Serialize(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }
}
