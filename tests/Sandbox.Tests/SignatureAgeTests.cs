using System.Net;
using SecureApi.Sandbox.Tests.TestSupport;

namespace SecureApi.Sandbox.Tests;

/// <summary>
/// A request signed by a client whose clock is more than five minutes off the Sandbox's is refused like AWS refuses
/// it, and the response's Date header carries the Sandbox's time so the client can correct itself.
/// </summary>
public sealed class SignatureAgeTests : IAsyncLifetime
{
    private readonly MovableClock _clock = new();
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _sandbox = await SandboxServer.StartAsync(Sandboxes.Options(), _clock);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Cognito_SignedTwentyMinutesBeforeTheSandboxClock_Is400SignatureExpired_AndCreatesNothing()
    {
        using var client = new AwsTestClient(_sandbox.Endpoint);
        _clock.Offset = TimeSpan.FromMinutes(20);

        var reply = await client.CognitoAsync("CreateUserPool", new { PoolName = "late" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("InvalidSignatureException", reply.BodyType);
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$", reply.Message);
        lock (_sandbox.State.Gate)
        {
            Assert.Empty(_sandbox.State.Pools);
        }
    }

    [Fact]
    public async Task ApiGateway_SignedTwentyMinutesAfterTheSandboxClock_Is403SignatureNotYetCurrent()
    {
        using var client = new AwsTestClient(_sandbox.Endpoint);
        _clock.Offset = TimeSpan.FromMinutes(-20);

        var reply = await client.ApiAsync(HttpMethod.Post, "/v2/apis", new { name = "early", protocolType = "HTTP" });

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("InvalidSignatureException", reply.ErrorType);
        Assert.StartsWith("Signature not yet current: ", reply.Message);
        Assert.EndsWith(" + 5 min.)", reply.Message);
        lock (_sandbox.State.Gate)
        {
            Assert.Empty(_sandbox.State.Apis);
        }
    }

    [Fact]
    public async Task Request_SignedTwoMinutesOffTheSandboxClock_IsAccepted()
    {
        using var client = new AwsTestClient(_sandbox.Endpoint);
        _clock.Offset = TimeSpan.FromMinutes(2);

        var reply = await client.CognitoAsync("ListUserPools", new { MaxResults = 10 });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Response_DateHeader_IsTheSandboxClock_NotTheMachines()
    {
        using var http = new HttpClient();
        _clock.Offset = TimeSpan.FromHours(-3);

        using var response = await http.PostAsync(_sandbox.Endpoint, new StringContent("{}"));

        var date = Assert.NotNull(response.Headers.Date);
        // Generous bounds: only the three hours matter, not how long the call took on a busy machine.
        Assert.InRange(date, DateTimeOffset.UtcNow.AddHours(-3).AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(-3).AddMinutes(5));
    }
}
