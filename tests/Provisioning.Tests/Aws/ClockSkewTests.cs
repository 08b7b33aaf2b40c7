using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

/// <summary>
/// A signature refused because the local clock is off is signed again at the endpoint's time (learnt from the
/// response's Date header) and sent once more; later calls to that endpoint are signed at the corrected time.
/// </summary>
public sealed class ClockSkewTests : IAsyncLifetime
{
    private static readonly DateTimeOffset LocalNow = new(2025, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ServerNow = LocalNow.AddMinutes(20);

    private readonly FakeTimeProvider _signingClock = new(LocalNow);
    private AwsClientHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await Start(maxAttempts: 4);

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Theory]
    [InlineData("InvalidSignatureException", 400)]
    [InlineData("SignatureDoesNotMatch", 403)]
    [InlineData("RequestExpired", 400)]
    public async Task SignatureRefused_WithServerDateTwentyMinutesAhead_IsSignedAgainAtTheServersTime_Once(string code, int status)
    {
        _aws.Server.Respond(status, Expired(code), "application/x-amz-json-1.1", ("Date", Http(ServerNow)));
        _aws.Server.Respond(200, """{"UserPools":[]}""");
        var request = new ListUserPoolsRequest { MaxResults = 10 };

        await _aws.Cognito.ListUserPoolsAsync(request);

        var sent = _aws.Server.Requests;
        Assert.Equal(2, sent.Count);
        Assert.Equal("20251120T080000Z", sent[0].Header("X-Amz-Date"));
        Assert.Equal("20251120T082000Z", sent[1].Header("X-Amz-Date"));
        Assert.All(sent, _aws.AssertSignatureVerifies);
        Assert.Equal(2, _aws.Recorder.TryGetCall(request, out var call) ? call.Attempts : 0);
    }

    [Fact]
    public async Task AfterACorrection_TheNextCallIsSignedAtTheCorrectedTime_WithoutAnotherRefusal()
    {
        _aws.Server.Respond(403, """{"message":"Signature expired"}""", "application/json",
            ("x-amzn-ErrorType", "InvalidSignatureException"), ("Date", Http(ServerNow)));
        await _aws.HttpApi.GetApisAsync(new GetApisRequest());
        _signingClock.Advance(TimeSpan.FromSeconds(30));

        await _aws.HttpApi.GetApisAsync(new GetApisRequest());

        var sent = _aws.Server.Requests;
        Assert.Equal(3, sent.Count);
        Assert.Equal("20251120T082030Z", sent[2].Header("X-Amz-Date"));
    }

    [Fact]
    public async Task SignatureRefused_WithServerDateCloseToTheSigningTime_IsNotRetried_AWrongSecretStaysWrong()
    {
        _aws.Server.Respond(400, Expired("InvalidSignatureException"), "application/x-amz-json-1.1", ("Date", Http(LocalNow.AddMinutes(1))));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.ListUserPoolsAsync(new ListUserPoolsRequest { MaxResults = 10 }));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Single(_aws.Server.Requests);
    }

    [Fact]
    public async Task SignatureRefusedAgain_AfterTheOneCorrection_IsFinal()
    {
        // The endpoint keeps refusing although its Date moves on: the clock was not the (only) problem.
        _aws.Server.Respond(400, Expired("InvalidSignatureException"), "application/x-amz-json-1.1", ("Date", Http(ServerNow)));
        _aws.Server.Respond(400, Expired("InvalidSignatureException"), "application/x-amz-json-1.1", ("Date", Http(ServerNow.AddHours(2))));
        _aws.Server.Respond(200, """{"UserPools":[]}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.ListUserPoolsAsync(new ListUserPoolsRequest { MaxResults = 10 }));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(2, _aws.Server.Requests.Count);
    }

    [Fact]
    public async Task WithRetriesOff_AClockSkewIsStillCorrectedOnce_ButThrottlingIsNotRetried()
    {
        await using var single = await Start(maxAttempts: 1);
        single.Server.Respond(400, Expired("InvalidSignatureException"), "application/x-amz-json-1.1", ("Date", Http(ServerNow)));
        single.Server.Respond(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => single.Cognito.ListUserPoolsAsync(new ListUserPoolsRequest { MaxResults = 10 }));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(2, single.Server.Requests.Count);
        Assert.Equal("20251120T082000Z", single.Server.Requests[1].Header("X-Amz-Date"));
    }

    private Task<AwsClientHarness> Start(int maxAttempts) => AwsClientHarness.StartAsync(options =>
    {
        options.Retry.MaxAttempts = maxAttempts;
        options.SigningClock = _signingClock;
    });

    private static string Expired(string code) =>
        $$"""{"__type":"{{code}}","message":"Signature expired: 20251120T080000Z is now earlier than 20251120T081500Z (20251120T082000Z - 5 min.)"}""";

    private static string Http(DateTimeOffset time) => time.ToString("r", CultureInfo.InvariantCulture);
}
