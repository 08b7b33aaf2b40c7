using Microsoft.AspNetCore.Http;

namespace SecureApi.Sandbox.DataPlane.Gateway;

/// <summary>API Gateway's own response bodies, byte for byte.</summary>
public static class GatewayResponses
{
    public const string NotFound = "Not Found";
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string InternalServerError = "Internal Server Error";
    public const string ServiceUnavailable = "Service Unavailable";

    public static Task WriteAsync(HttpResponse response, int statusCode, string message, string? wwwAuthenticate = null)
    {
        response.StatusCode = statusCode;
        if (wwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = wwwAuthenticate;
        }

        response.ContentType = "application/json";
        return response.WriteAsync("{\"message\":\"" + message + "\"}");
    }
}
