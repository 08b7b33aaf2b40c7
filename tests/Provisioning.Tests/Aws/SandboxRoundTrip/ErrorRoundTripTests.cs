using System.Net;
using Amazon.Runtime;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>
/// Each error class the product handles comes back from the endpoint as one <see cref="AwsServiceException"/> with AWS's
/// code, status and request id, after exactly one attempt (client errors are final).
/// </summary>
[Collection(AwsEndpointCollection.Name)]
public sealed class ErrorRoundTripTests(AwsTestEndpoint endpoint) : IAsyncLifetime
{
    private readonly RoundTripSession _aws = new(endpoint);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task CreateUserPool_NameWithForbiddenCharacters_IsInvalidParameterException400()
    {
        var request = new CreateUserPoolRequest { PoolName = "bad/name*" };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.CreateUserPoolAsync(request));

        AssertFinal(error, request, "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal("CreateUserPool", error.Operation);
        Assert.Equal("cognito-idp", error.Service);
    }

    [Fact]
    public async Task CreateRoute_MalformedRouteKey_IsBadRequestException400()
    {
        var api = await _aws.CreateApiAsync();
        var request = new CreateRouteRequest { ApiId = api.ApiId!, RouteKey = "FETCH orders" };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.CreateRouteAsync(request));

        AssertFinal(error, request, "BadRequestException", HttpStatusCode.BadRequest);
        Assert.Empty(await _aws.HttpApi.GetAllRoutesAsync(api.ApiId!).ToListAsync());
    }

    [Fact]
    public async Task CreateRoute_DuplicateRouteKey_IsConflictException409AndKeepsTheFirstRoute()
    {
        var api = await _aws.CreateApiAsync();
        var first = await _aws.HttpApi.CreateRouteAsync(new CreateRouteRequest { ApiId = api.ApiId!, RouteKey = "GET /orders" });
        var request = new CreateRouteRequest { ApiId = api.ApiId!, RouteKey = "GET /orders" };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.CreateRouteAsync(request));

        AssertFinal(error, request, "ConflictException", HttpStatusCode.Conflict);
        Assert.Equal(first.RouteId, Assert.Single(await _aws.HttpApi.GetAllRoutesAsync(api.ApiId!).ToListAsync()).RouteId);
    }

    [Fact]
    public async Task GetApi_UnknownApiId_IsNotFoundException404WithoutRetry()
    {
        var request = new GetApiRequest { ApiId = "zz00000000" };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.GetApiAsync(request));

        AssertFinal(error, request, "NotFoundException", HttpStatusCode.NotFound);
        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task DescribeUserPool_UnknownPool_IsResourceNotFoundException400WithoutRetry()
    {
        var request = new DescribeUserPoolRequest { UserPoolId = _aws.Region + "_NoSuchPool" };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.DescribeUserPoolAsync(request));

        AssertFinal(error, request, "ResourceNotFoundException", HttpStatusCode.BadRequest);
        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task AdminSetUserPassword_UnknownUser_IsUserNotFoundException400()
    {
        var pool = await _aws.CreatePoolAsync();
        var request = new AdminSetUserPasswordRequest
        {
            UserPoolId = pool.Id!, Username = "nobody-" + Guid.NewGuid().ToString("N")[..8], Password = RoundTripSession.TestPassword, Permanent = true,
        };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.AdminSetUserPasswordAsync(request));

        AssertFinal(error, request, "UserNotFoundException", HttpStatusCode.BadRequest);
        Assert.DoesNotContain(RoundTripSession.TestPassword, error.Message);
    }

    [Fact]
    public async Task AdminCreateUser_ExistingUsername_IsUsernameExistsException400()
    {
        var pool = await _aws.CreatePoolAsync();
        var username = await _aws.CreateConfirmedUserAsync(pool.Id!);
        var request = new AdminCreateUserRequest { UserPoolId = pool.Id!, Username = username, MessageAction = "SUPPRESS" };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.AdminCreateUserAsync(request));

        AssertFinal(error, request, "UsernameExistsException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AdminInitiateAuth_WrongPassword_IsNotAuthorizedException400WithoutTokens()
    {
        var pool = await _aws.CreatePoolAsync();
        var client = await _aws.CreatePasswordClientAsync(pool.Id!);
        var username = await _aws.CreateConfirmedUserAsync(pool.Id!);
        var request = new AdminInitiateAuthRequest
        {
            UserPoolId = pool.Id!,
            ClientId = client.ClientId!,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new() { ["USERNAME"] = username, ["PASSWORD"] = "Wrong-Passw0rd!" },
        };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.AdminInitiateAuthAsync(request));

        AssertFinal(error, request, "NotAuthorizedException", HttpStatusCode.BadRequest);
        Assert.DoesNotContain("Wrong-Passw0rd!", error.Message);
    }

    [Fact]
    public async Task WrongSecretKey_IsRejected403InvalidSignatureOnBothServicesWithoutRetry()
    {
        var keys = endpoint.Settings.Credentials.GetCredentials();
        await using var forged = new RoundTripSession(endpoint, options => options.Credentials = new BasicAWSCredentials(keys.AccessKey, "not-" + keys.SecretKey));
        var apis = new GetApisRequest();
        var pools = new ListUserPoolsRequest { MaxResults = 1 };

        var apiError = await Assert.ThrowsAsync<AwsServiceException>(() => forged.HttpApi.GetApisAsync(apis));
        var poolError = await Assert.ThrowsAsync<AwsServiceException>(() => forged.Cognito.ListUserPoolsAsync(pools));

        Assert.Equal("InvalidSignatureException", apiError.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, apiError.StatusCode);
        Assert.Equal(1, forged.CallOf(apis).Attempts);
        Assert.Equal("InvalidSignatureException", poolError.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, poolError.StatusCode);
        Assert.Equal(1, forged.CallOf(pools).Attempts);
    }

    [Fact]
    public async Task UnknownAccessKey_IsRejected403UnrecognizedClientWithoutRetry()
    {
        await using var stranger = new RoundTripSession(endpoint, options => options.Credentials = new BasicAWSCredentials("AKIDUNKNOWNROUNDTRIP", "whatever"));
        var request = new GetApisRequest();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => stranger.HttpApi.GetApisAsync(request));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(1, stranger.CallOf(request).Attempts);
    }

    private void AssertFinal(AwsServiceException error, object request, string code, HttpStatusCode status)
    {
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(status, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId), "the endpoint's request id is kept");
        Assert.False(string.IsNullOrEmpty(error.AwsMessage));
        var call = _aws.CallOf(request);
        Assert.Equal(1, call.Attempts);
        Assert.Equal(code, call.ErrorCode);
    }
}
