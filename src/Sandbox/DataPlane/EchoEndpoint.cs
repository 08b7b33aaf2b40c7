using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SecureApi.Sandbox.DataPlane;

/// <summary>
/// The Sandbox's built-in integration target (<c>/_sandbox/echo/{**path}</c>): answers JSON with what it received —
/// method, path (after the echo prefix), query, selected headers and the body — so a walkthrough has somewhere to
/// forward to and shows what API Gateway passed on. Credentials are reported as present, never echoed.
/// </summary>
public static class EchoEndpoint
{
    public const string PathPrefix = "/_sandbox/echo";
    private const int MaxEchoedBodyChars = 64 * 1024;

    private static readonly string[] EchoedHeaders =
    [
        "Host", "User-Agent", "Accept", "Content-Type", "Content-Length", "Origin",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Port",
    ];

    public static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var query = new JsonObject();
        foreach (var (name, values) in request.Query)
        {
            // Joined with commas, as API Gateway's payload 2.0 presents repeated parameters.
            query[name] = string.Join(',', values.ToArray());
        }

        var headers = new JsonObject();
        foreach (var name in EchoedHeaders)
        {
            if (request.Headers.TryGetValue(name, out var value))
            {
                headers[name.ToLowerInvariant()] = value.ToString();
            }
        }

        foreach (var (name, value) in request.Headers.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase)))
        {
            headers[name.ToLowerInvariant()] = value.ToString();
        }

        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            var buffer = new char[MaxEchoedBodyChars];
            var read = await reader.ReadBlockAsync(buffer, context.RequestAborted);
            body = new string(buffer, 0, read);
        }

        var echo = new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = "/" + (context.GetRouteValue("path") as string ?? ""),
            ["query"] = query,
            ["rawQuery"] = request.QueryString.Value?.TrimStart('?') ?? "",
            ["headers"] = headers,
            ["authorizationPresent"] = request.Headers.Authorization.Count > 0,
            ["body"] = body,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(echo.ToJsonString(), context.RequestAborted);
    }
}
