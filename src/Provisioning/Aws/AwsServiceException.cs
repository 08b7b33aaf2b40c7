using System.Net;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// The one exception every AWS failure becomes at the edge of the typed clients: the AWS error code
/// (e.g. <c>NotFoundException</c>), the HTTP status, the request id and AWS's own message.
/// Network failures that exhaust the retries surface as <see cref="HttpRequestException"/> wrapped here
/// with <see cref="ErrorCode"/> <c>NetworkFailure</c> and <see cref="StatusCode"/> 0.
/// </summary>
public sealed class AwsServiceException(
    string service,
    string operation,
    string errorCode,
    HttpStatusCode statusCode,
    string? requestId,
    string message,
    Exception? inner = null)
    : Exception($"{service} {operation} failed: {errorCode} ({(int)statusCode}): {message}", inner)
{
    /// <summary>Signing name of the service: <c>cognito-idp</c> or <c>apigateway</c>.</summary>
    public string Service { get; } = service;

    /// <summary>The AWS operation, e.g. <c>CreateUserPool</c>.</summary>
    public string Operation { get; } = operation;

    /// <summary>The AWS error code without namespace, e.g. <c>ResourceNotFoundException</c>.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>HTTP status of the failed response (0 when no response was received).</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The <c>x-amzn-RequestId</c> of the failed response, when AWS sent one.</summary>
    public string? RequestId { get; } = requestId;

    /// <summary>AWS's own message text.</summary>
    public string AwsMessage { get; } = message;

    /// <summary>True for the "does not exist" family (NotFound / ResourceNotFound / UserNotFound).</summary>
    public bool IsNotFound => ErrorCode is "NotFoundException" or "ResourceNotFoundException" or "UserNotFoundException";
}
