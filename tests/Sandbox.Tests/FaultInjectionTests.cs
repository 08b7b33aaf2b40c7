using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SecureApi.Sandbox.Tests.TestSupport;

namespace SecureApi.Sandbox.Tests;

/// <summary>Latency, throttling, failures, counters and the crash hook, each on its own Sandbox.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task ConfiguredLatency_DelaysEveryControlPlaneCall()
    {
        await using var sandbox = await Sandboxes.StartAsync(o => o.LatencyMs = 300);
        using var client = new AwsTestClient(sandbox.Endpoint);

        var stopwatch = Stopwatch.StartNew();
        var reply = await client.ApiAsync(HttpMethod.Get, "/v2/apis");
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(stopwatch.ElapsedMilliseconds >= 300, $"answered after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task EmptyTokenBucket_Answers429TooManyRequests_ForBothServices()
    {
        await using var sandbox = await Sandboxes.StartAsync(o => o.Throttle = new ThrottleOptions { Burst = 2, RatePerSecond = 0 });
        using var client = new AwsTestClient(sandbox.Endpoint);

        var cognito = new List<AwsReply>();
        for (var i = 0; i < 3; i++)
        {
            cognito.Add(await client.CognitoAsync("ListUserPools", new { MaxResults = 1 }));
        }

        var apiGateway = new List<AwsReply>();
        for (var i = 0; i < 3; i++)
        {
            apiGateway.Add(await client.ApiAsync(HttpMethod.Get, "/v2/apis"));
        }

        Assert.All(cognito.Take(2), r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal((HttpStatusCode)429, cognito[2].Status);
        Assert.Equal("TooManyRequestsException", cognito[2].BodyType);
        Assert.Equal("Rate exceeded", cognito[2].Message);
        Assert.All(apiGateway.Take(2), r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal((HttpStatusCode)429, apiGateway[2].Status);
        Assert.Equal("TooManyRequestsException", apiGateway[2].ErrorType);
    }

    [Fact]
    public async Task Fault_OnSecondCall_FailsExactlyTheSecondAndThird_ThenRecovers()
    {
        await using var sandbox = await Sandboxes.StartAsync();
        sandbox.Control.AddFault(new FaultOptions { Operation = "CreateApi", OnCall = 2, Times = 2, ErrorCode = "TooManyRequestsException", StatusCode = 429, Message = "slow down" });
        using var client = new AwsTestClient(sandbox.Endpoint);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.ApiAsync(HttpMethod.Post, "/v2/apis", new { name = $"f{i}", protocolType = "HTTP" })).Status);
        }

        Assert.Equal([HttpStatusCode.Created, (HttpStatusCode)429, (HttpStatusCode)429, HttpStatusCode.Created], statuses);
        lock (sandbox.State.Gate)
        {
            Assert.Equal(2, sandbox.State.Apis.Count);
        }

        Assert.Empty(sandbox.Control.Faults);
    }

    [Fact]
    public async Task ConfiguredFault_FailsCognitoCall_WithInternalError500()
    {
        await using var sandbox = await Sandboxes.StartAsync(o => o.Faults.Add(new FaultOptions { Operation = "CreateUserPool" }));
        using var client = new AwsTestClient(sandbox.Endpoint);

        var failed = await client.CognitoAsync("CreateUserPool", new { PoolName = "p" });
        var succeeded = await client.CognitoAsync("CreateUserPool", new { PoolName = "p" });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("InternalErrorException", failed.BodyType);
        Assert.Equal(HttpStatusCode.OK, succeeded.Status);
    }

    [Fact]
    public async Task CallCounters_CountEachOperationWhateverItsOutcome_AndResetZeroesThem()
    {
        await using var sandbox = await Sandboxes.StartAsync();
        using var client = new AwsTestClient(sandbox.Endpoint);

        await client.CognitoAsync("CreateUserPool", new { PoolName = "one" });
        await client.CognitoAsync("CreateUserPool", new { PoolName = "bad/name" });
        await client.ApiAsync(HttpMethod.Get, "/v2/apis/missing000");

        Assert.Equal(2, sandbox.Control.CallCount("CreateUserPool"));
        Assert.Equal(1, sandbox.Control.CallCount("GetApi"));
        Assert.Equal(0, sandbox.Control.CallCount("DeleteApi"));
        Assert.Equal(3, sandbox.Control.TotalCalls);

        sandbox.Control.Reset();

        Assert.Equal(0, sandbox.Control.TotalCalls);
        Assert.Equal(0, sandbox.Control.CallCount("CreateUserPool"));
    }

    [Fact]
    public async Task AfterOperation_ThatThrows_DropsTheResponse_ButTheResourceExists()
    {
        await using var sandbox = await Sandboxes.StartAsync();
        var seen = new List<string>();
        sandbox.Control.AfterOperation = operation =>
        {
            seen.Add(operation);
            throw new InvalidOperationException("caller died");
        };
        using var client = new AwsTestClient(sandbox.Endpoint);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ApiAsync(HttpMethod.Post, "/v2/apis", new { name = "orphan", protocolType = "HTTP" }));

        Assert.Equal(["CreateApi"], seen);
        lock (sandbox.State.Gate)
        {
            Assert.Equal("orphan", Assert.Single(sandbox.State.Apis.Values).Name);
        }
    }

    [Fact]
    public async Task AfterOperation_RunsBeforeTheResponseIsSent()
    {
        await using var sandbox = await Sandboxes.StartAsync();
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource<string>();
        sandbox.Control.AfterOperation = async operation =>
        {
            entered.TrySetResult(operation);
            await release.Task;
        };
        using var client = new AwsTestClient(sandbox.Endpoint);

        var call = client.CognitoAsync("CreateUserPool", new { PoolName = "held" });
        var operation = await entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var completedWhileHeld = call.IsCompleted;
        release.SetResult();
        var reply = await call;

        Assert.Equal("CreateUserPool", operation);
        Assert.False(completedWhileHeld);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task AdminEndpoint_ChangesFaultsThrottleAndLatency_AtRunTime()
    {
        await using var sandbox = await Sandboxes.StartAsync();
        using var http = new HttpClient { BaseAddress = sandbox.Endpoint, Timeout = TimeSpan.FromSeconds(100) };
        using var client = new AwsTestClient(sandbox.Endpoint);

        var fault = await http.PostAsJsonAsync("_sandbox/control/faults", new { operation = "GetApis", onCall = 1, errorCode = "NotFoundException", statusCode = 404, message = "gone" });
        var faulted = await client.ApiAsync(HttpMethod.Get, "/v2/apis");
        var throttle = await http.PutAsJsonAsync("_sandbox/control/throttle", new { ratePerSecond = 0, burst = 0 });
        var throttled = await client.ApiAsync(HttpMethod.Get, "/v2/apis");
        var latency = await http.PutAsJsonAsync("_sandbox/control/latency", new { latencyMs = 250 });
        var state = await http.GetFromJsonAsync<JsonObject>("_sandbox/control");
        var reset = await http.DeleteAsync("_sandbox/control");
        var afterReset = await client.ApiAsync(HttpMethod.Get, "/v2/apis");

        Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, faulted.Status);
        Assert.Equal("gone", faulted.Message);
        Assert.Equal(HttpStatusCode.OK, throttle.StatusCode);
        Assert.Equal((HttpStatusCode)429, throttled.Status);
        Assert.Equal(HttpStatusCode.OK, latency.StatusCode);
        Assert.Equal(250, state!["latencyMs"]!.GetValue<int>());
        Assert.Equal(0, state["throttle"]!["burst"]!.GetValue<int>());
        Assert.Equal(2, state["calls"]!["GetApis"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterReset.Status);
        Assert.Equal(0, sandbox.Control.LatencyMs);
    }

    [Fact]
    public async Task AdminEndpoint_RejectsAnInvalidFault()
    {
        await using var sandbox = await Sandboxes.StartAsync();
        using var http = new HttpClient { BaseAddress = sandbox.Endpoint };

        var reply = await http.PostAsJsonAsync("_sandbox/control/faults", new { operation = "", onCall = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Empty(sandbox.Control.Faults);
    }
}
