using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.Http;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

/// <summary>
/// Buckets so slow (one token per ten minutes) that nothing refills during a test: what gets through is exactly the
/// burst, and the next caller is seen queued, by count — no wall-clock thresholds.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const double OnePerTenMinutes = 1.0 / 600;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private AwsClientHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsClientHarness.StartAsync(options =>
    {
        options.RateLimits.Enabled = true;
        options.RateLimits.Cognito = new AwsServiceRateLimit { RequestsPerSecond = OnePerTenMinutes, Burst = 3 };
        options.RateLimits.ApiGateway = new AwsServiceRateLimit { RequestsPerSecond = OnePerTenMinutes, Burst = 1 };
    });

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    private AwsRateLimiters Limiters => _aws.Services.GetRequiredService<AwsRateLimiters>();

    [Fact]
    public async Task CallBeyondTheBurst_WaitsForATokenInsteadOfReachingAws()
    {
        for (var i = 0; i < 3; i++)
        {
            await Describe(_aws.Cognito, CancellationToken.None);
        }

        using var cancel = new CancellationTokenSource();
        var fourth = Describe(_aws.Cognito, cancel.Token);
        await WaitUntilQueuedAsync(AwsServiceInfo.Cognito, AwsClientHarness.Region, 1);

        Assert.False(fourth.IsCompleted);
        Assert.Equal(3, _aws.Server.Requests.Count);

        // A waiting caller can still give up; it never reached AWS.
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fourth);
        Assert.Equal(3, _aws.Server.Requests.Count);
    }

    [Fact]
    public async Task Bucket_IsSharedByEveryCallerForTheSameRegionAndService_ButNotAcrossThem()
    {
        await _aws.HttpApi.GetApisAsync(new GetApisRequest());

        // Another caller of the same account+region+service (e.g. a second deployment) shares the empty bucket...
        using var cancel = new CancellationTokenSource();
        var sameKey = _aws.Clients.HttpApi(AwsClientHarness.Region).GetApiAsync(new GetApiRequest { ApiId = "abc123" }, cancel.Token);
        await WaitUntilQueuedAsync(AwsServiceInfo.ApiGateway, AwsClientHarness.Region, 1);

        // ...while another region and another service have their own.
        await _aws.Clients.HttpApi("us-east-1").GetApisAsync(new GetApisRequest());
        await Describe(_aws.Cognito, CancellationToken.None);

        Assert.False(sameKey.IsCompleted);
        Assert.Equal(3, _aws.Server.Requests.Count);
        Assert.DoesNotContain(_aws.Server.Requests, request => request.RawTarget == "/v2/apis/abc123");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sameKey);
    }

    private static Task Describe(ICognitoClient cognito, CancellationToken cancellationToken) =>
        cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" }, cancellationToken);

    private async Task WaitUntilQueuedAsync(AwsServiceInfo service, string region, long expected)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (Limiters.QueuedCount(service, region) < expected)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
