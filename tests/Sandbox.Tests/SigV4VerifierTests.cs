using System.Text;
using System.Text.Json.Nodes;
using SecureApi.Sandbox.Auth;
using SecureApi.Sandbox.Tests.DataPlane;

namespace SecureApi.Sandbox.Tests;

/// <summary>The verifier against requests signed by botocore-identical signers (shared/testdata/sigv4-vectors.json).</summary>
public sealed class SigV4VerifierTests
{
    // The vectors were signed at 20150830T123600Z: the verifier's clock is pinned there, as AWS's was when they were made.
    private static readonly DateTimeOffset s_signedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static readonly JsonNode s_vectors = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sigv4-vectors.json")))!;

    public static TheoryData<string> VectorNames()
    {
        var names = new TheoryData<string>();
        foreach (var vector in s_vectors["vectors"]!.AsArray())
        {
            names.Add(vector!["name"]!.GetValue<string>());
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_SignedVector_IsAccepted_WithItsRegionAndService(string name)
    {
        var (request, vector) = Build(name);

        var result = Verifier().Verify(request);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(vector["region"]!.GetValue<string>(), result.Region);
        Assert.Equal(vector["service"]!.GetValue<string>(), result.Service);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_VectorWithOneByteOfBodyOrUrlChanged_IsRejectedAsInvalidSignature(string name)
    {
        var (request, _) = Build(name);
        var tampered = request.Body.Length > 0
            ? request with { Body = FlipLastByte(request.Body) }
            : request with { Uri = new Uri(request.Uri.OriginalString.Replace("/v2/", "/v3/", StringComparison.Ordinal)) };

        var result = Verifier().Verify(tampered);

        Assert.False(result.IsValid);
        Assert.Equal(SigV4Verifier.InvalidSignature, result.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_VectorWithOneByteOfSignatureChanged_IsRejectedAsInvalidSignature(string name)
    {
        var (request, _) = Build(name);
        var authorization = request.Headers["Authorization"];
        var last = authorization[^1] == '0' ? '1' : '0';
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase) { ["Authorization"] = authorization[..^1] + last };

        var result = Verifier().Verify(request with { Headers = headers });

        Assert.False(result.IsValid);
        Assert.Equal(SigV4Verifier.InvalidSignature, result.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_VectorWithSecurityTokenOrTargetHeaderChanged_IsRejected(string name)
    {
        var (request, _) = Build(name);
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        var signedHeader = headers.ContainsKey("x-amz-security-token") ? "x-amz-security-token" : "X-Amz-Date";
        headers[signedHeader] = signedHeader == "X-Amz-Date" ? "20150830T123601Z" : headers[signedHeader] + "X";

        var result = Verifier().Verify(request with { Headers = headers });

        Assert.False(result.IsValid);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void CanonicalSigV4_ReproducesEachVectorsSignature_SoBotocoreStyleRequestsAreVerifiedTheSameWay(string name)
    {
        var (request, vector) = Build(name);
        var authorization = request.Headers["Authorization"];
        var signedHeaders = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var signature = authorization.Split("Signature=")[1];

        var computed = CanonicalSigV4.Signature(request, signedHeaders, request.Headers["X-Amz-Date"], s_vectors["secretKey"]!.GetValue<string>(),
            "20150830", vector["region"]!.GetValue<string>(), vector["service"]!.GetValue<string>());

        Assert.Equal(signature, computed);
    }

    [Fact]
    public void Verify_RequestSignedWithoutPayloadHashHeader_AsTheAwsCliDoes_IsAccepted_AndTamperingIsNot()
    {
        var (request, vector) = Build("apigw-patch");
        var headers = request.Headers.Where(h => !h.Key.Equals("X-Amz-Content-SHA256", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        string[] signedHeaders = ["content-type", "host", "x-amz-date"];
        var secret = s_vectors["secretKey"]!.GetValue<string>();
        var unsigned = request with { Headers = headers };
        var signature = CanonicalSigV4.Signature(unsigned, signedHeaders, headers["X-Amz-Date"], secret, "20150830", "us-west-2", "apigateway");
        headers["Authorization"] = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/apigateway/aws4_request, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";

        var accepted = Verifier().Verify(unsigned);
        var tampered = Verifier().Verify(unsigned with { Body = FlipLastByte(unsigned.Body) });

        Assert.True(accepted.IsValid, accepted.Message);
        Assert.Equal(vector["region"]!.GetValue<string>(), accepted.Region);
        Assert.Equal(SigV4Verifier.InvalidSignature, tampered.ErrorCode);
    }

    [Fact]
    public void Verify_WithAnotherAccessKey_IsUnrecognizedClient()
    {
        var (request, _) = Build("cognito-post");

        var result = new SigV4Verifier("test", "test", new FixedTimeProvider(s_signedAt)).Verify(request);

        Assert.Equal(SigV4Verifier.UnrecognizedClient, result.ErrorCode);
        Assert.Equal("The security token included in the request is invalid.", result.Message);
    }

    [Fact]
    public void Verify_WithTheRightKeyButWrongSecret_IsInvalidSignature()
    {
        var (request, _) = Build("apigw-patch");

        var result = new SigV4Verifier(s_vectors["accessKey"]!.GetValue<string>(), "not-the-secret", new FixedTimeProvider(s_signedAt)).Verify(request);

        Assert.Equal(SigV4Verifier.InvalidSignature, result.ErrorCode);
    }

    [Fact]
    public void Verify_WithoutAuthorization_IsMissingAuthenticationToken()
    {
        var (request, _) = Build("apigw-get-query");
        var headers = request.Headers.Where(h => h.Key != "Authorization").ToDictionary(StringComparer.OrdinalIgnoreCase);

        var result = Verifier().Verify(request with { Headers = headers });

        Assert.Equal(SigV4Verifier.MissingToken, result.ErrorCode);
    }

    [Theory]
    [InlineData(-4 * 60 - 59)]
    [InlineData(4 * 60 + 59)]
    public void Verify_VectorUpToFiveMinutesFromTheServerClock_IsAccepted(int clockOffsetSeconds)
    {
        var (request, _) = Build("cognito-post");

        var result = Verifier(s_signedAt.AddSeconds(clockOffsetSeconds)).Verify(request);

        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Verify_SignedMoreThanFiveMinutesBeforeTheServerClock_IsSignatureExpired_InAwsWords()
    {
        var (request, _) = Build("apigw-patch");

        var result = Verifier(s_signedAt.AddMinutes(20)).Verify(request);

        Assert.False(result.IsValid);
        Assert.True(result.OutsideTimeWindow);
        Assert.Equal(SigV4Verifier.InvalidSignature, result.ErrorCode);
        Assert.Equal("Signature expired: 20150830T123600Z is now earlier than 20150830T125100Z (20150830T125600Z - 5 min.)", result.Message);
    }

    [Fact]
    public void Verify_SignedMoreThanFiveMinutesAfterTheServerClock_IsNotYetCurrent_InAwsWords()
    {
        var (request, _) = Build("cognito-post");

        var result = Verifier(s_signedAt.AddMinutes(-20)).Verify(request);

        Assert.False(result.IsValid);
        Assert.True(result.OutsideTimeWindow);
        Assert.Equal(SigV4Verifier.InvalidSignature, result.ErrorCode);
        Assert.Equal("Signature not yet current: 20150830T123600Z is still later than 20150830T122100Z (20150830T121600Z + 5 min.)", result.Message);
    }

    [Fact]
    public void Verify_BadSignatureWithinTheWindow_IsNotReportedAsAClockProblem()
    {
        var (request, _) = Build("apigw-patch");

        var result = new SigV4Verifier(s_vectors["accessKey"]!.GetValue<string>(), "not-the-secret", new FixedTimeProvider(s_signedAt.AddMinutes(1))).Verify(request);

        Assert.Equal(SigV4Verifier.InvalidSignature, result.ErrorCode);
        Assert.False(result.OutsideTimeWindow);
    }

    private static SigV4Verifier Verifier(DateTimeOffset? now = null) =>
        new(s_vectors["accessKey"]!.GetValue<string>(), s_vectors["secretKey"]!.GetValue<string>(), new FixedTimeProvider(now ?? s_signedAt));

    private static (SignedRequest Request, JsonNode Vector) Build(string name)
    {
        var vector = s_vectors["vectors"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == name)!;
        var uri = new Uri(vector["url"]!.GetValue<string>());
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Host"] = uri.Authority };
        foreach (var (key, value) in vector["inputHeaders"]!.AsObject())
        {
            headers[key] = value!.GetValue<string>();
        }

        foreach (var (key, value) in vector["signed"]!.AsObject())
        {
            headers[key] = value!.GetValue<string>();
        }

        var body = Encoding.UTF8.GetBytes(vector["body"]!.GetValue<string>());
        return (new SignedRequest(vector["method"]!.GetValue<string>(), uri, headers, body), vector);
    }

    private static byte[] FlipLastByte(byte[] body)
    {
        var copy = body.ToArray();
        copy[^2] ^= 0x01;
        return copy;
    }
}
