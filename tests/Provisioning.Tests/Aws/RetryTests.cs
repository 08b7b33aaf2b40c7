using System.Net;
using Microsoft.Extensions.Time.Testing;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

public sealed class RetryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _signingClock = new(new DateTimeOffset(2025, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private AwsClientHarness _aws = null!;

    public async Task InitializeAsync()
    {
        _aws = await AwsClientHarness.StartAsync(options =>
        {
            options.Retry.MaxAttempts = 4;
            options.Retry.LimitExceededMaxAttempts = 2;
            options.SigningClock = _signingClock;
        });

        // Each attempt that reaches AWS moves the signing clock on, so a re-signed retry shows a new X-Amz-Date.
        _aws.Server.OnRequest = _ => _signingClock.Advance(TimeSpan.FromSeconds(1));
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public static TheoryData<int, string, string?> TransientApiGatewayFailures() => new()
    {
        { 429, """{"message":"Too Many Requests"}""", "TooManyRequestsException" },
        { 500, """{"message":"Internal server error"}""", null },
        { 503, "", null },
    };

    [Theory]
    [MemberData(nameof(TransientApiGatewayFailures))]
    public async Task ApiGatewayCall_RetriesTransientFailuresUntilSuccess(int status, string body, string? errorType)
    {
        (string, string)[] headers = errorType is null ? [] : [("x-amzn-ErrorType", errorType)];
        _aws.Server.RespondTimes(2, status, body, headers);
        _aws.Server.Respond(200, """{"apiId":"abc123","name":"orders"}""");

        var api = await _aws.HttpApi.GetApiAsync(new GetApiRequest { ApiId = "abc123" });

        Assert.Equal("orders", api.Name);
        Assert.Equal(3, _aws.Server.Requests.Count);
    }

    [Theory]
    [InlineData("ThrottlingException")]
    [InlineData("TooManyRequestsException")]
    public async Task CognitoCall_RetriesThrottlingCodeSentOnlyInTheBody(string code)
    {
        _aws.Server.Respond(400, $$"""{"__type":"{{code}}","message":"Rate exceeded"}""");
        _aws.Server.Respond(200, """{"UserPool":{"Id":"eu-west-1_Abc"}}""");

        var response = await _aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" });

        Assert.Equal("eu-west-1_Abc", response.UserPool?.Id);
        Assert.Equal(2, _aws.Server.Requests.Count);
    }

    [Fact]
    public async Task DroppedConnection_IsRetriedThenSucceeds()
    {
        _aws.Server.DropConnection();
        _aws.Server.Respond(201, """{"UserPool":{"Id":"eu-west-1_New"}}""");

        var response = await _aws.Cognito.CreateUserPoolAsync(new CreateUserPoolRequest { PoolName = "p1" });

        Assert.Equal("eu-west-1_New", response.UserPool?.Id);
        Assert.Equal(2, _aws.Server.Requests.Count);
    }

    [Fact]
    public async Task EveryRetry_IsSignedAfreshAndEachSignatureVerifies()
    {
        _aws.Server.RespondTimes(2, 500, """{"__type":"InternalErrorException","message":"boom"}""");

        await _aws.Cognito.CreateUserPoolAsync(new CreateUserPoolRequest { PoolName = "p1" });

        var requests = _aws.Server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(3, requests.Select(request => request.Header("X-Amz-Date")).Distinct().Count());
        Assert.Equal(3, requests.Select(request => request.Header("Authorization")).Distinct().Count());
        Assert.All(requests, _aws.AssertSignatureVerifies);
        Assert.All(requests, request => Assert.Equal("""{"PoolName":"p1"}""", request.Body));
    }

    [Theory]
    [InlineData(404, "NotFoundException")]
    [InlineData(409, "ConflictException")]
    [InlineData(400, "BadRequestException")]
    public async Task ClientErrors_AreNotRetried(int status, string code)
    {
        _aws.Server.Respond(status, """{"message":"no"}""", "application/json", ("x-amzn-ErrorType", code));

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => _aws.HttpApi.CreateRouteAsync(new CreateRouteRequest { ApiId = "abc123", RouteKey = "GET /x" }));

        Assert.Equal(code, error.ErrorCode);
        Assert.Single(_aws.Server.Requests);
    }

    [Fact]
    public async Task CognitoNotAuthorized_IsNotRetried()
    {
        _aws.Server.Respond(400, """{"__type":"NotAuthorizedException","message":"Incorrect username or password."}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.InitiateAuthAsync(new InitiateAuthRequest
        {
            ClientId = "c1",
            AuthFlow = "USER_PASSWORD_AUTH",
        }));

        Assert.Equal("NotAuthorizedException", error.ErrorCode);
        Assert.Single(_aws.Server.Requests);
    }

    [Fact]
    public async Task PersistentServerError_StopsAfterMaxAttemptsWithTheLastError()
    {
        _aws.Server.RespondTimes(10, 503, """{"message":"Service Unavailable"}""", ("x-amzn-ErrorType", "ServiceUnavailableException"), ("x-amzn-RequestId", "req-last"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.GetApisAsync(new GetApisRequest()));

        Assert.Equal(4, _aws.Server.Requests.Count);
        Assert.Equal("ServiceUnavailableException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("req-last", error.RequestId);
    }

    [Fact]
    public async Task LimitExceeded_IsRetriedFewerTimesThanOtherThrottling()
    {
        _aws.Server.RespondTimes(10, 400, """{"__type":"LimitExceededException","message":"Too many app clients"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => _aws.Cognito.CreateUserPoolClientAsync(new CreateUserPoolClientRequest { UserPoolId = "eu-west-1_Abc", ClientName = "c" }));

        Assert.Equal("LimitExceededException", error.ErrorCode);
        Assert.Equal(2, _aws.Server.Requests.Count);
    }

    [Fact]
    public async Task NetworkFailureOnEveryAttempt_BecomesNetworkFailureWithStatusZero()
    {
        for (var i = 0; i < 4; i++)
        {
            _aws.Server.DropConnection();
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.GetApiAsync(new GetApiRequest { ApiId = "abc123" }));

        Assert.Equal("NetworkFailure", error.ErrorCode);
        Assert.Equal((HttpStatusCode)0, error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(4, _aws.Server.Requests.Count);
    }

    [Fact]
    public async Task RetriedCall_IsReportedOnceWithItsAttemptCount()
    {
        _aws.Server.Respond(429, """{"message":"slow down"}""", "application/json", ("x-amzn-ErrorType", "TooManyRequestsException"));
        _aws.Server.Respond(201, """{"apiId":"abc123"}""", "application/json", ("x-amzn-RequestId", "req-ok"));
        var request = new CreateApiRequest { Name = "orders" };

        await _aws.HttpApi.CreateApiAsync(request);

        Assert.True(_aws.Recorder.TryGetCall(request, out var call));
        Assert.Equal(2, call.Attempts);
        Assert.Equal("req-ok", call.RequestId);
        Assert.Equal(HttpStatusCode.Created, call.StatusCode);
    }

    [Fact]
    public async Task AttemptThatHangs_TimesOutAndIsRetried()
    {
        await using var aws = await AwsClientHarness.StartAsync(options => options.Retry.AttemptTimeout = TimeSpan.FromSeconds(5));
        aws.Server.Enqueue(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        aws.Server.Respond(200, """{"apiId":"abc123"}""");

        var api = await aws.HttpApi.GetApiAsync(new GetApiRequest { ApiId = "abc123" });

        Assert.Equal("abc123", api.ApiId);
        Assert.Equal(2, aws.Server.Requests.Count);
    }

    [Fact]
    public async Task MissingCredentials_FailBeforeAnythingIsSentWithAClearCode()
    {
        var emptyCredentialsFile = Path.GetTempFileName();
        try
        {
            await using var aws = await AwsClientHarness.StartAsync(options =>
            {
                options.Credentials = null;
                options.Profile = "secureapi-test-no-such-profile";
                options.ProfilesLocation = emptyCredentialsFile;
            });

            var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.HttpApi.GetApisAsync(new GetApisRequest()));

            Assert.Equal("MissingCredentials", error.ErrorCode);
            Assert.Contains("secureapi-test-no-such-profile", error.AwsMessage);
            Assert.Empty(aws.Server.Requests);
        }
        finally
        {
            File.Delete(emptyCredentialsFile);
        }
    }
}
