using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.Http;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

public sealed class SigningTests
{
    private static readonly string VectorsPath = Path.Combine(AppContext.BaseDirectory, "testdata", "sigv4-vectors.json");

    public static TheoryData<string> VectorNames() =>
    [
        "cognito-post", "apigw-get-query", "apigw-patch", "apigw-gettags-arn",
    ];

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task SigningHandler_ProducesTheBotocoreVerifiedSignatureOfEachVector(string name)
    {
        Assert.True(File.Exists(VectorsPath), $"Test data missing: {VectorsPath} (linked from shared/testdata).");
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(VectorsPath));
        var root = file.RootElement;
        var vector = root.GetProperty("vectors").EnumerateArray().Single(candidate => candidate.GetProperty("name").GetString() == name);
        var expected = vector.GetProperty("signed");
        var token = expected.TryGetProperty("x-amz-security-token", out var tokenElement) ? tokenElement.GetString() : null;
        AWSCredentials credentials = token is null
            ? new BasicAWSCredentials(root.GetProperty("accessKey").GetString(), root.GetProperty("secretKey").GetString())
            : new SessionAWSCredentials(root.GetProperty("accessKey").GetString(), root.GetProperty("secretKey").GetString(), token);

        var capture = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new AwsSigningHandler(
            new AwsCredentialSource(Options.Create(new AwsClientOptions { Credentials = credentials })),
            new AwsClockSkew(Options.Create(new AwsClientOptions { SigningClock = new FakeTimeProvider(root.GetProperty("signedAt").GetDateTimeOffset()) })))
        {
            InnerHandler = capture,
        });

        using var request = new HttpRequestMessage(new HttpMethod(vector.GetProperty("method").GetString()!), vector.GetProperty("url").GetString());
        var body = vector.GetProperty("body").GetString()!;
        var inputHeaders = vector.GetProperty("inputHeaders").EnumerateObject().ToDictionary(header => header.Name, header => header.Value.GetString()!);
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(inputHeaders["Content-Type"]);
        }

        foreach (var (header, value) in inputHeaders.Where(header => header.Key != "Content-Type"))
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        request.Options.Set(AwsRequestOptions.Service, vector.GetProperty("service").GetString() == "cognito-idp" ? AwsServiceInfo.Cognito : AwsServiceInfo.ApiGateway);
        request.Options.Set(AwsRequestOptions.Region, vector.GetProperty("region").GetString()!);

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        var sent = Assert.Single(capture.Requests);
        foreach (var header in expected.EnumerateObject())
        {
            Assert.Equal(header.Value.GetString(), sent.Headers.GetValues(header.Name).Single());
        }
    }

    [Fact]
    public async Task RotatedCredentials_SignTheVeryNextRequest()
    {
        var credentials = new RotatingCredentials("AKIDFIRST", "first-secret");
        await using var aws = await AwsClientHarness.StartAsync(options => options.Credentials = credentials);

        await aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" });
        credentials.Rotate("AKIDSECOND", "second-secret");
        await aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" });

        var requests = aws.Server.Requests;
        Assert.Contains("Credential=AKIDFIRST/", requests[0].Header("Authorization"));
        Assert.Contains("Credential=AKIDSECOND/", requests[1].Header("Authorization"));
        Assert.Equal(SigV4Verifier.ExpectedAuthorization(requests[1], aws.Server.Endpoint, new BasicAWSCredentials("AKIDSECOND", "second-secret")),
            requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task SessionCredentials_SendTheSecurityTokenAndSignIt()
    {
        var credentials = new SessionAWSCredentials("ASIATEMP", "temp-secret", "session-token-value");
        await using var aws = await AwsClientHarness.StartAsync(options => options.Credentials = credentials);

        await aws.HttpApi.GetApisAsync(new SecureApi.Provisioning.Aws.HttpApi.GetApisRequest());

        var request = Assert.Single(aws.Server.Requests);
        Assert.Equal("session-token-value", request.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", request.Header("Authorization"));
        Assert.Equal(SigV4Verifier.ExpectedAuthorization(request, aws.Server.Endpoint, credentials), request.Header("Authorization"));
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    /// <summary>Credentials whose keys change under the client, as a rotated secret or a refreshed role would.</summary>
    private sealed class RotatingCredentials(string accessKey, string secretKey) : AWSCredentials
    {
        private volatile ImmutableCredentials _current = new(accessKey, secretKey, null);

        public void Rotate(string newAccessKey, string newSecretKey) => _current = new ImmutableCredentials(newAccessKey, newSecretKey, null);

        public override ImmutableCredentials GetCredentials() => _current;

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(_current);
    }
}
