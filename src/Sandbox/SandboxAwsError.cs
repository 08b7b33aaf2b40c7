using System.Net;

namespace SecureApi.Sandbox;

/// <summary>
/// An error the Sandbox answers the way AWS does: thrown by handlers, written on the wire as
/// <c>{"__type": code, "message": …}</c> (Cognito) or <c>{"message": …}</c> + <c>x-amzn-ErrorType</c> (API Gateway).
/// </summary>
public sealed class SandboxAwsError(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) : Exception(message)
{
    public string Code { get; } = code;
    public HttpStatusCode Status { get; } = status;

    public static SandboxAwsError NotFound(string message) => new("NotFoundException", message, HttpStatusCode.NotFound);
    public static SandboxAwsError ResourceNotFound(string message) => new("ResourceNotFoundException", message);
    public static SandboxAwsError BadRequest(string message) => new("BadRequestException", message);
    public static SandboxAwsError Conflict(string message) => new("ConflictException", message, HttpStatusCode.Conflict);
    public static SandboxAwsError InvalidParameter(string message) => new("InvalidParameterException", message);
}
