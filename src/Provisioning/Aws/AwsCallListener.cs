using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Runtime.CompilerServices;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// One finished AWS call (all attempts included), successful or not.
/// </summary>
/// <param name="Service">Signing name: <c>cognito-idp</c> or <c>apigateway</c>.</param>
/// <param name="Operation">AWS operation name, e.g. <c>CreateUserPool</c>.</param>
/// <param name="Region">Region the call was made in.</param>
/// <param name="StatusCode">HTTP status of the last attempt; 0 when no response arrived.</param>
/// <param name="RequestId">AWS's <c>x-amzn-RequestId</c> of the last attempt, when sent.</param>
/// <param name="ErrorCode">Null on success; otherwise the <see cref="AwsServiceException.ErrorCode"/>.</param>
/// <param name="Attempts">Attempts actually sent (1 = no retry).</param>
/// <param name="Elapsed">Wall time of the call including backoff and rate-limit waits.</param>
public sealed record AwsCall(
    string Service,
    string Operation,
    string Region,
    HttpStatusCode StatusCode,
    string? RequestId,
    string? ErrorCode,
    int Attempts,
    TimeSpan Elapsed)
{
    /// <summary>True when the call ended with a 2xx response.</summary>
    public bool Succeeded => ErrorCode is null;
}

/// <summary>
/// Observes every AWS call the typed clients make. Register any number in DI
/// (<c>services.AddSingleton&lt;IAwsCallListener, MyListener&gt;()</c>); each is called once per call, on the caller's
/// flow, after the last attempt and before the client method returns or throws. A listener that throws is ignored
/// (logged) — it never fails the AWS call.
/// </summary>
public interface IAwsCallListener
{
    /// <param name="request">The request record the caller passed in (same instance), for correlation by reference.
    /// It may hold secrets: do not log it.</param>
    /// <param name="call">What happened.</param>
    void OnCallCompleted(object request, AwsCall call);
}

/// <summary>
/// Always registered: remembers the <see cref="AwsCall"/> of each request object for as long as the caller keeps the
/// request alive, so the caller can fetch the request id of a successful call for its journal:
/// <code>
/// var request = new CreateUserPoolRequest { PoolName = name };
/// var response = await cognito.CreateUserPoolAsync(request, ct);
/// recorder.TryGetCall(request, out var call); // call.RequestId
/// </code>
/// Failed calls carry the request id on <see cref="AwsServiceException.RequestId"/> as well.
/// </summary>
public sealed class AwsCallRecorder : IAwsCallListener
{
    // Keyed by reference (not record equality) and weakly: two equal requests are two calls, and nothing leaks.
    private readonly ConditionalWeakTable<object, AwsCall> _calls = [];

    /// <inheritdoc />
    public void OnCallCompleted(object request, AwsCall call) => _calls.AddOrUpdate(request, call);

    /// <summary>The last call made with this exact request instance.</summary>
    public bool TryGetCall(object request, [NotNullWhen(true)] out AwsCall? call) =>
        _calls.TryGetValue(request, out call);
}
