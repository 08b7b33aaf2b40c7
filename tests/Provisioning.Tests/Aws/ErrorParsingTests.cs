using System.Net;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

/// <summary>Every way AWS reports an error ends as one <see cref="AwsServiceException"/> with the SDK's parse order.</summary>
public sealed class ErrorParsingTests : IAsyncLifetime
{
    private AwsClientHarness _aws = null!;

    // One attempt: these tests are about reading the error, not about retrying it.
    public async Task InitializeAsync() => _aws = await AwsClientHarness.StartAsync(options => options.Retry.MaxAttempts = 1);

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task CognitoError_TakesCodeFromNamespacedTypeAndMessageAndRequestId()
    {
        _aws.Server.Respond(400, """{"__type":"com.amazonaws.cognito#ResourceNotFoundException","message":"User pool eu-west-1_Abc does not exist."}""",
            "application/x-amz-json-1.1", ("x-amzn-RequestId", "req-1"));

        var error = await DescribeAsync();

        Assert.Equal("cognito-idp", error.Service);
        Assert.Equal("DescribeUserPool", error.Operation);
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-1", error.RequestId);
        Assert.Equal("User pool eu-west-1_Abc does not exist.", error.AwsMessage);
        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task BodyType_WinsOverTheErrorTypeHeader()
    {
        _aws.Server.Respond(400, """{"__type":"InvalidParameterException","message":"bad"}""", "application/json",
            ("x-amzn-ErrorType", "SomethingElseException"));

        var error = await DescribeAsync();

        Assert.Equal("InvalidParameterException", error.ErrorCode);
    }

    [Fact]
    public async Task ApiGatewayError_TakesCodeFromHeaderStrippedAtColon()
    {
        _aws.Server.Respond(404, """{"message":"Invalid API identifier specified 123456789012:abc123","resourceType":"Api"}""", "application/json",
            ("x-amzn-ErrorType", "NotFoundException:http://internal.amazon.com/coral/com.amazonaws.apigateway/"),
            ("x-amzn-RequestId", "req-2"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.GetApiAsync(new GetApiRequest { ApiId = "abc123" }));

        Assert.Equal("apigateway", error.Service);
        Assert.Equal("GetApi", error.Operation);
        Assert.Equal("NotFoundException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("req-2", error.RequestId);
        Assert.Equal("Invalid API identifier specified 123456789012:abc123", error.AwsMessage);
        Assert.True(error.IsNotFound);
    }

    [Theory]
    [InlineData("""{"code":"ConflictException","message":"Route key exists"}""")]
    [InlineData("""{"Code":"ConflictException","Message":"Route key exists"}""")]
    public async Task BodyCode_IsUsedWhenNeitherTypeNorHeaderIsPresent(string body)
    {
        _aws.Server.Respond(409, body);

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => _aws.HttpApi.CreateRouteAsync(new CreateRouteRequest { ApiId = "abc123", RouteKey = "GET /x" }));

        Assert.Equal("ConflictException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Route key exists", error.AwsMessage);
        Assert.False(error.IsNotFound);
    }

    [Fact]
    public async Task ErrorMessageHeader_OverridesTheBodyMessage()
    {
        _aws.Server.Respond(400, """{"__type":"NotAuthorizedException","message":"from body"}""", "application/json",
            ("x-amzn-error-message", "from header"));

        var error = await DescribeAsync();

        Assert.Equal("NotAuthorizedException", error.ErrorCode);
        Assert.Equal("from header", error.AwsMessage);
    }

    [Fact]
    public async Task XmlBody_IsParsedForCodeMessageAndRequestId()
    {
        _aws.Server.Respond(403, """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error>
              <RequestId>req-xml</RequestId>
            </ErrorResponse>
            """, "text/xml");

        var error = await DescribeAsync();

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("The security token included in the request is invalid.", error.AwsMessage);
        Assert.Equal("req-xml", error.RequestId);
    }

    [Fact]
    public async Task ErrorWithoutAnyCode_IsNamedAfterItsStatus()
    {
        _aws.Server.Respond(502, "<html><body>Bad gateway</body></html>", "text/html");

        var error = await DescribeAsync();

        Assert.Equal("Http502", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
    }

    [Fact]
    public async Task ExceptionMessage_NamesServiceOperationAndCode()
    {
        _aws.Server.Respond(400, """{"__type":"UsernameExistsException","message":"User account already exists"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.AdminCreateUserAsync(new AdminCreateUserRequest
        {
            UserPoolId = "eu-west-1_Abc",
            Username = "alice",
            TemporaryPassword = "Temp-Secret-1",
        }));

        Assert.Equal("cognito-idp AdminCreateUser failed: UsernameExistsException (400): User account already exists", error.Message);
        Assert.DoesNotContain("Temp-Secret-1", error.ToString());
    }

    private Task<AwsServiceException> DescribeAsync() =>
        Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" }));
}
