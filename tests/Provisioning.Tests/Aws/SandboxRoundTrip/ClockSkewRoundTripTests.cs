using System.Net;
using Amazon.Runtime;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>
/// A machine whose clock is 20 minutes slow still works against the endpoint (which, like AWS, refuses signatures more
/// than five minutes old): the first call to each service is refused once and signed again at the endpoint's time,
/// later calls are right the first time.
/// </summary>
[Collection(AwsEndpointCollection.Name)]
public sealed class ClockSkewRoundTripTests(AwsTestEndpoint endpoint)
{
    [Fact]
    public async Task SlowLocalClock_FirstCallSucceedsAfterOneCorrectedRetry_TheNextNeedsNone()
    {
        await using var aws = new RoundTripSession(endpoint, options => options.SigningClock = new SlowClock(TimeSpan.FromMinutes(20)));
        var first = new GetApisRequest();
        var second = new GetApisRequest();
        var pools = new ListUserPoolsRequest { MaxResults = 1 };

        await aws.HttpApi.GetApisAsync(first);
        await aws.HttpApi.GetApisAsync(second);
        await aws.Cognito.ListUserPoolsAsync(pools);

        Assert.Equal(2, aws.CallOf(first).Attempts);
        Assert.Equal(1, aws.CallOf(second).Attempts);
        // Both services answer on one endpoint here, so the skew learnt from the first call serves Cognito as well.
        Assert.Equal(1, aws.CallOf(pools).Attempts);
    }

    [Fact]
    public async Task SlowLocalClockAndWrongSecret_IsStillRefused_AfterTheOneClockCorrection()
    {
        var keys = endpoint.Settings.Credentials.GetCredentials();
        await using var forged = new RoundTripSession(endpoint, options =>
        {
            options.Credentials = new BasicAWSCredentials(keys.AccessKey, "not-" + keys.SecretKey);
            options.SigningClock = new SlowClock(TimeSpan.FromMinutes(20));
        });
        var request = new GetApisRequest();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => forged.HttpApi.GetApisAsync(request));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(2, forged.CallOf(request).Attempts);
    }

    /// <summary>The machine's clock, running behind by a fixed amount.</summary>
    private sealed class SlowClock(TimeSpan behind) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - behind;
    }
}
