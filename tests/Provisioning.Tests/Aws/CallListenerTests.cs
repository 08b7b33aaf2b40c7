using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

/// <summary>The journal needs the request id of successful calls; listeners and the recorder provide it.</summary>
public sealed class CallListenerTests : IAsyncLifetime
{
    private readonly CollectingListener _listener = new();
    private AwsClientHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsClientHarness.StartAsync(
        options => options.Retry.MaxAttempts = 1,
        services => services
            .AddSingleton<IAwsCallListener>(new ThrowingListener())
            .AddSingleton<IAwsCallListener>(_listener));

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task SuccessfulCall_LeavesItsRequestIdWithTheRecorderUnderTheRequestInstance()
    {
        _aws.Server.Respond(200, """{"UserPool":{"Id":"eu-west-1_Abc"}}""", "application/json", ("x-amzn-RequestId", "req-first"));
        _aws.Server.Respond(200, """{"UserPool":{"Id":"eu-west-1_Abc"}}""", "application/json", ("x-amzn-RequestId", "req-second"));
        var first = new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" };
        var second = new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" };

        await _aws.Cognito.DescribeUserPoolAsync(first);
        await _aws.Cognito.DescribeUserPoolAsync(second);

        // Equal records, different calls: the recorder keys by instance.
        Assert.True(_aws.Recorder.TryGetCall(first, out var firstCall));
        Assert.True(_aws.Recorder.TryGetCall(second, out var secondCall));
        Assert.Equal("req-first", firstCall.RequestId);
        Assert.Equal("req-second", secondCall.RequestId);
        Assert.Equal(new AwsCall("cognito-idp", "DescribeUserPool", "eu-west-1", HttpStatusCode.OK, "req-first", null, 1, firstCall.Elapsed), firstCall);
        Assert.True(firstCall.Succeeded);
    }

    [Fact]
    public async Task FailedCall_IsReportedWithItsErrorCodeBeforeTheExceptionReachesTheCaller()
    {
        _aws.Server.Respond(409, """{"message":"exists"}""", "application/json", ("x-amzn-ErrorType", "ConflictException"), ("x-amzn-RequestId", "req-conflict"));
        var request = new CreateRouteRequest { ApiId = "abc123", RouteKey = "GET /x" };

        await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.CreateRouteAsync(request));

        var (seenRequest, call) = Assert.Single(_listener.Calls);
        Assert.Same(request, seenRequest);
        Assert.Equal("apigateway", call.Service);
        Assert.Equal("CreateRoute", call.Operation);
        Assert.Equal("ConflictException", call.ErrorCode);
        Assert.Equal("req-conflict", call.RequestId);
        Assert.Equal(HttpStatusCode.Conflict, call.StatusCode);
        Assert.False(call.Succeeded);
    }

    [Fact]
    public async Task ThrowingListener_DoesNotFailTheAwsCall()
    {
        _aws.Server.Respond(201, """{"apiId":"abc123"}""");

        var api = await _aws.HttpApi.CreateApiAsync(new CreateApiRequest { Name = "orders" });

        Assert.Equal("abc123", api.ApiId);
        Assert.Single(_listener.Calls);
    }

    private sealed class CollectingListener : IAwsCallListener
    {
        private readonly ConcurrentQueue<(object Request, AwsCall Call)> _calls = new();

        public IReadOnlyList<(object Request, AwsCall Call)> Calls => [.. _calls];

        public void OnCallCompleted(object request, AwsCall call) => _calls.Enqueue((request, call));
    }

    private sealed class ThrowingListener : IAwsCallListener
    {
        public void OnCallCompleted(object request, AwsCall call) => throw new InvalidOperationException("journal unavailable");
    }
}
