using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using Microsoft.Extensions.DependencyInjection;

namespace SecureApi.Provisioning.Tests.Engine.Fakes;

/// <summary>
/// An in-memory stand-in for the AWS account, behaving like AWS where the engine can notice: generated ids, NotFound on
/// unknown ids (as <see cref="AwsServiceException"/> with code and status), cascades on delete, tags, a call log, and
/// injectable latency, failures and a crash right after a call's effect (before its answer).
/// </summary>
public sealed class FakeAws : IAwsClients, IAwsStandIn
{
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentQueue<object> _requests = new();
    private readonly List<Fault> _faults = [];
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _maxInFlight = new();
    private int _callCount;
    private (int AfterCall, Action Crash)? _crash;

    internal object Gate { get; } = new();
    internal Dictionary<string, FakePool> Pools { get; } = [];
    internal Dictionary<string, FakeApi> Apis { get; } = [];

    /// <summary>Added to every call (the round trip of a real AWS call).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Every operation sent, in order.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Every request sent, in order.</summary>
    public IReadOnlyList<object> Requests => [.. _requests];

    /// <summary>The most calls of <paramref name="operation"/> that were in flight at the same moment.</summary>
    public int MaxInFlight(string operation) => _maxInFlight.GetValueOrDefault(operation);

    public void ClearCalls()
    {
        _calls.Clear();
        _requests.Clear();
        Interlocked.Exchange(ref _callCount, 0);
    }

    /// <summary>The <paramref name="nth"/> (1-based) call of <paramref name="operation"/> fails with this AWS error, without effect.</summary>
    public void FailCall(string operation, int nth, string errorCode, HttpStatusCode status, string message, int times = 1)
    {
        lock (_faults)
        {
            var already = _calls.Count(c => c == operation);
            for (var i = 0; i < times; i++)
            {
                _faults.Add(new Fault(operation, already + nth + i, errorCode, status, message));
            }
        }
    }

    public IAwsClients Clients => this;

    public void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAwsClients>(this);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>After the effect of the <paramref name="callNumber"/>th call, runs <paramref name="crash"/> and never answers.</summary>
    public void CrashAfterCall(int callNumber, Action crash) => _crash = (Volatile.Read(ref _callCount) + callNumber, crash);

    public ICognitoClient Cognito(string region) => new FakeCognito(this, region);
    public IHttpApiClient HttpApi(string region) => new FakeHttpApi(this, region);

    internal async Task<T> CallAsync<T>(string service, string operation, object request, Func<T> effect, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var number = Interlocked.Increment(ref _callCount);
        _calls.Enqueue(operation);
        _requests.Enqueue(request);
        var inFlight = _inFlight.AddOrUpdate(operation, 1, (_, n) => n + 1);
        _maxInFlight.AddOrUpdate(operation, inFlight, (_, max) => Math.Max(max, inFlight));
        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, cancellationToken);
            }
        }
        finally
        {
            _inFlight.AddOrUpdate(operation, 0, (_, n) => n - 1);
        }

        var nthOfOperation = _calls.Count(c => c == operation);
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Operation == operation && f.Nth == nthOfOperation);
            if (fault is not null)
            {
                throw new AwsServiceException(service, operation, fault.Code, fault.Status, $"req-{number}", fault.Message);
            }
        }

        T result;
        lock (Gate)
        {
            result = effect();
        }

        if (_crash is { } crash && crash.AfterCall == number)
        {
            _crash = null;
            crash.Crash();
            throw new OperationCanceledException("The process died before the answer arrived.");
        }

        return result;
    }

    internal static AwsServiceException NotFound(string service, string operation, string what) => service == "cognito-idp"
        ? new AwsServiceException(service, operation, "ResourceNotFoundException", HttpStatusCode.BadRequest, "req-nf", $"{what} does not exist.")
        : new AwsServiceException(service, operation, "NotFoundException", HttpStatusCode.NotFound, "req-nf", $"Invalid {what} identifier specified");

    internal static string NewId(int length, bool lower = true)
    {
        const string chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        var id = new string([.. Enumerable.Range(0, length).Select(_ => chars[Random.Shared.Next(chars.Length)])]);
        return lower ? id : id.ToUpperInvariant();
    }

    private sealed record Fault(string Operation, int Nth, string Code, HttpStatusCode Status, string Message);
}

internal sealed class FakePool
{
    public required UserPoolType Pool { get; init; }
    public Dictionary<string, UserPoolClientType> Clients { get; } = [];
}

internal sealed class FakeApi
{
    public required Api Api { get; set; }
    public Dictionary<string, Route> Routes { get; } = [];
    public Dictionary<string, Authorizer> Authorizers { get; } = [];
    public Dictionary<string, Integration> Integrations { get; } = [];
    public Dictionary<string, Stage> Stages { get; } = [];
}

internal static class FakePaging
{
    public static async IAsyncEnumerable<T> AllAsync<T>(Func<Task<List<T>?>> page, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in await page() ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }
}
