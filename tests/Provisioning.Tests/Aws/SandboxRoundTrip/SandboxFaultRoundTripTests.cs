using System.Net;
using Amazon.Runtime;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Sandbox;
using Xunit.Abstractions;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>
/// Retries as the Sandbox sees them: injected throttling and 5xx are retried to success (the Sandbox counts every
/// attempt), client errors and bad signatures are not, and a fault that does not clear surfaces after the bound.
/// Always against an in-process Sandbox (see <see cref="InProcessSandbox"/>).
/// </summary>
public sealed class SandboxFaultRoundTripTests : IClassFixture<InProcessSandbox>, IAsyncLifetime
{
    private const int MaxAttempts = 4;

    private readonly InProcessSandbox _sandbox;
    private readonly RoundTripSession _aws;

    public SandboxFaultRoundTripTests(InProcessSandbox sandbox, ITestOutputHelper output)
    {
        _sandbox = sandbox;
        _aws = new RoundTripSession(sandbox.Endpoint, options =>
        {
            options.Retry.MaxAttempts = MaxAttempts;
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        });
        if (InProcessSandbox.ExternalEndpointNote is { } note)
        {
            output.WriteLine(note);
        }
    }

    private SandboxControl Control => _sandbox.Control;

    public Task InitializeAsync()
    {
        Control.Reset();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // Faults and throttling must not break the clean-up calls.
        Control.Reset();
        await _aws.DisposeAsync();
    }

    [Fact]
    public async Task CognitoThrottledTwice_IsRetriedToSuccessInThreeAttempts_AndCreatesOnePool()
    {
        Control.AddFault(new FaultOptions { Operation = "CreateUserPool", Times = 2, ErrorCode = "TooManyRequestsException", StatusCode = 400, Message = "Rate exceeded" });
        var name = RoundTripSession.UniqueName("pool");
        var request = new CreateUserPoolRequest { PoolName = name };

        var created = (await _aws.Cognito.CreateUserPoolAsync(request)).UserPool!;
        _aws.DeleteOnDispose(() => _aws.Cognito.DeleteUserPoolAsync(new DeleteUserPoolRequest { UserPoolId = created.Id! }));

        var call = _aws.CallOf(request);
        Assert.True(call.Succeeded);
        Assert.Equal(3, call.Attempts);
        Assert.Equal(3, Control.CallCount("CreateUserPool"));
        Assert.Single(await _aws.Cognito.ListAllUserPoolsAsync().Where(pool => pool.Name == name).ToListAsync());
    }

    [Fact]
    public async Task ApiGatewayThrottledTwice_IsRetriedToSuccessInThreeAttempts_AndCreatesOneApi()
    {
        Control.AddFault(new FaultOptions { Operation = "CreateApi", Times = 2, ErrorCode = "TooManyRequestsException", StatusCode = 429, Message = "Too Many Requests" });
        var name = RoundTripSession.UniqueName("api");
        var request = new CreateApiRequest { Name = name };

        var created = await _aws.HttpApi.CreateApiAsync(request);
        _aws.DeleteOnDispose(() => _aws.HttpApi.DeleteApiAsync(new DeleteApiRequest { ApiId = created.ApiId! }));

        Assert.Equal(3, _aws.CallOf(request).Attempts);
        Assert.Equal(HttpStatusCode.Created, _aws.CallOf(request).StatusCode);
        Assert.Equal(3, Control.CallCount("CreateApi"));
        Assert.Single(await _aws.HttpApi.GetAllApisAsync().Where(api => api.Name == name).ToListAsync());
    }

    [Fact]
    public async Task SandboxTokenBucketEmpty_CallsAreRetriedUntilATokenFrees_AndEveryAttemptReachedTheSandbox()
    {
        // One token, refilled every two seconds: the second call finds the bucket empty and gets 429s until it refills.
        // Backoff up to a second, twelve attempts: several seconds of patience, far more than one refill needs.
        await using var patient = new RoundTripSession(_sandbox.Endpoint, options =>
        {
            options.Retry.MaxAttempts = 12;
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        });
        Control.SetThrottle(new ThrottleOptions { Burst = 1, RatePerSecond = 0.5 });
        var first = new GetApisRequest();
        var second = new GetApisRequest();

        await patient.HttpApi.GetApisAsync(first);
        await patient.HttpApi.GetApisAsync(second);

        Assert.Equal(1, patient.CallOf(first).Attempts);
        Assert.True(patient.CallOf(second).Attempts > 1, "the second call met an empty bucket and was retried");
        Assert.True(patient.CallOf(second).Succeeded);
        Assert.Equal(patient.CallOf(first).Attempts + patient.CallOf(second).Attempts, Control.CallCount("GetApis"));
    }

    [Fact]
    public async Task ServerErrorOnce_IsRetriedToSuccess()
    {
        var pool = await _aws.CreatePoolAsync();
        Control.AddFault(new FaultOptions { Operation = "DescribeUserPool", ErrorCode = "InternalErrorException", StatusCode = 500 });
        var request = new DescribeUserPoolRequest { UserPoolId = pool.Id! };

        var described = (await _aws.Cognito.DescribeUserPoolAsync(request)).UserPool!;

        Assert.Equal(pool.Name, described.Name);
        Assert.Equal(2, _aws.CallOf(request).Attempts);
        Assert.Equal(2, Control.CallCount("DescribeUserPool"));
    }

    [Fact]
    public async Task NotFound_IsNotRetried_TheSandboxSeesOneCall()
    {
        var apiRequest = new GetApiRequest { ApiId = "zz00000000" };
        var poolRequest = new DescribeUserPoolRequest { UserPoolId = _aws.Region + "_NoSuchPool" };

        var apiError = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.GetApiAsync(apiRequest));
        var poolError = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.DescribeUserPoolAsync(poolRequest));

        Assert.Equal("NotFoundException", apiError.ErrorCode);
        Assert.Equal(1, Control.CallCount("GetApi"));
        Assert.Equal(1, _aws.CallOf(apiRequest).Attempts);
        Assert.Equal("ResourceNotFoundException", poolError.ErrorCode);
        Assert.Equal(1, Control.CallCount("DescribeUserPool"));
    }

    [Fact]
    public async Task FaultThatDoesNotClear_SurfacesAfterTheAttemptBound_WithTheLastErrorsCodeAndStatus()
    {
        Control.AddFault(new FaultOptions { Operation = "GetApis", Times = 100, ErrorCode = "ServiceUnavailableException", StatusCode = 503, Message = "Down for the test" });
        var request = new GetApisRequest();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.GetApisAsync(request));

        Assert.Equal("ServiceUnavailableException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("Down for the test", error.AwsMessage);
        Assert.Equal(MaxAttempts, _aws.CallOf(request).Attempts);
        Assert.Equal(MaxAttempts, Control.CallCount("GetApis"));
    }

    [Fact]
    public async Task HardThrottling_SurfacesAsTooManyRequestsAfterTheAttemptBound()
    {
        Control.AddFault(new FaultOptions { Operation = "ListUserPools", Times = 100, ErrorCode = "TooManyRequestsException", StatusCode = 400, Message = "Rate exceeded" });
        var request = new ListUserPoolsRequest { MaxResults = 10 };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.ListUserPoolsAsync(request));

        Assert.Equal("TooManyRequestsException", error.ErrorCode);
        Assert.Equal(MaxAttempts, _aws.CallOf(request).Attempts);
        Assert.Equal(MaxAttempts, Control.CallCount("ListUserPools"));
    }

    [Fact]
    public async Task BadSignature_IsRejectedOnce_TheSandboxSeesOneCall()
    {
        await using var forged = new RoundTripSession(_sandbox.Endpoint, options =>
        {
            options.Credentials = new BasicAWSCredentials("test", "wrong-secret");
            options.Retry.MaxAttempts = MaxAttempts;
        });
        var request = new CreateApiRequest { Name = RoundTripSession.UniqueName("forged") };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => forged.HttpApi.CreateApiAsync(request));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(1, Control.CallCount("CreateApi"));
        Assert.Equal(1, forged.CallOf(request).Attempts);
        Assert.DoesNotContain(await _aws.HttpApi.GetAllApisAsync().ToListAsync(), api => api.Name == request.Name);
    }
}
