using System.Net;
using SecureApi.Sandbox.Tests.TestSupport;

namespace SecureApi.Sandbox.Tests;

/// <summary>Every control-plane call must carry a valid SigV4 signature made with the configured key.</summary>
public sealed class AuthenticationTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Cognito_WithWrongSecret_Is403InvalidSignature_AndChangesNothing()
    {
        using var client = sandbox.Client();
        int before;
        lock (sandbox.Server.State.Gate)
        {
            before = sandbox.Server.State.Pools.Count;
        }

        var reply = await client.CognitoAsync("CreateUserPool", new { PoolName = "forged" }, overrideSecret: "wrong");

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("InvalidSignatureException", reply.BodyType);
        lock (sandbox.Server.State.Gate)
        {
            Assert.Equal(before, sandbox.Server.State.Pools.Count);
        }
    }

    [Fact]
    public async Task Cognito_WithUnknownAccessKey_Is403UnrecognizedClient()
    {
        using var client = new AwsTestClient(sandbox.Server.Endpoint, accessKey: "AKIAOTHER");

        var reply = await client.CognitoAsync("ListUserPools", new { MaxResults = 10 });

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("UnrecognizedClientException", reply.BodyType);
        Assert.Equal("The security token included in the request is invalid.", reply.Message);
    }

    [Fact]
    public async Task Cognito_Unsigned_Is403()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("ListUserPools", new { MaxResults = 10 }, sign: false);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.NotNull(reply.RequestId);
    }

    [Fact]
    public async Task ApiGateway_WithWrongSecret_Is403InvalidSignature_WithAwsMessage()
    {
        using var client = sandbox.Client();

        var reply = await client.ApiAsync(HttpMethod.Get, "/v2/apis", overrideSecret: "wrong");

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("InvalidSignatureException", reply.ErrorType);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided", reply.Message);
    }

    [Fact]
    public async Task ApiGateway_Unsigned_Is403MissingAuthenticationToken()
    {
        using var client = sandbox.Client();

        var reply = await client.ApiAsync(HttpMethod.Post, "/v2/apis", new { name = "anon", protocolType = "HTTP" }, sign: false);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("MissingAuthenticationTokenException", reply.ErrorType);
    }

    [Fact]
    public async Task ApiGateway_SignedForCognito_IsRejected()
    {
        using var client = sandbox.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.Server.Endpoint, "v2/apis"));

        var reply = await client.SendAsync(request, "cognito-idp", sign: true);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("InvalidSignatureException", reply.ErrorType);
    }

    [Fact]
    public async Task ApiGateway_BodyChangedAfterSigning_IsRejected()
    {
        using var client = sandbox.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.Server.Endpoint, "v2/apis"))
        {
            Content = new StringContent("""{"name":"a","protocolType":"HTTP"}"""),
        };
        await client.SendAsync(request, "apigateway", sign: true);
        var replay = new HttpRequestMessage(HttpMethod.Post, request.RequestUri)
        {
            Content = new StringContent("""{"name":"b","protocolType":"HTTP"}"""),
        };
        foreach (var header in request.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var reply = await client.SendAsync(replay, "apigateway", sign: false);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("InvalidSignatureException", reply.ErrorType);
    }
}
