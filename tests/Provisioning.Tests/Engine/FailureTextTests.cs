using System.Net;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments.Execution;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>The cause a person reads on a failed deployment says what to do, not only what AWS said.</summary>
public sealed class FailureTextTests
{
    private static AwsServiceException Aws(string code, HttpStatusCode status, string message = "AWS's own text") =>
        new("apigateway", "CreateApi", code, status, "req-1", message);

    [Fact]
    public void MissingCredentials_SaysNothingWasSentAndHowToGiveCredentials()
    {
        var text = FailureText.Describe("Create HTTP API users-api", Aws("MissingCredentials", 0, "Failed to resolve AWS credentials. Exception 1 of 4 ..."));

        Assert.StartsWith("Create HTTP API users-api failed: the portal has no AWS credentials, so nothing was sent to AWS.", text);
        Assert.Contains("AWS_ACCESS_KEY_ID", text);
        Assert.Contains("Sandbox:Enabled=true", text);
        Assert.DoesNotContain("Exception 1 of 4", text);
    }

    [Theory]
    [InlineData("UnrecognizedClientException")]
    [InlineData("InvalidSignatureException")]
    [InlineData("ExpiredTokenException")]
    public void RefusedCredentials_SayToCheckTheKeys(string code)
    {
        var text = FailureText.Describe("Create user pool users", Aws(code, HttpStatusCode.Forbidden));

        Assert.Contains("AWS refused the portal's credentials", text);
        Assert.Contains(code, text);
    }

    [Fact]
    public void AccessDenied_PointsAtTheIamPolicy()
    {
        var text = FailureText.Describe("Create route GET /users", Aws("AccessDeniedException", HttpStatusCode.Forbidden, "User is not authorized to perform: apigateway:POST"));

        Assert.Contains("not allowed to do this (User is not authorized to perform: apigateway:POST)", text);
        Assert.Contains("docs/iam-policy.json", text);
    }

    [Fact]
    public void NetworkFailure_SaysAwsCouldNotBeReached()
    {
        var text = FailureText.Describe("Create HTTP API users-api", Aws("NetworkFailure", 0, "Connection refused"));

        Assert.Equal("Create HTTP API users-api failed: AWS could not be reached (Connection refused).", text);
    }

    [Fact]
    public void OtherAwsErrors_KeepCodeStatusAndMessage()
    {
        var text = FailureText.Describe("Create route GET /x", Aws("BadRequestException", HttpStatusCode.BadRequest, "Invalid route key"));

        Assert.Equal("Create route GET /x failed: AWS answered BadRequestException (400): Invalid route key", text);
    }
}
