using System.Text;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Provisioning.Tests.Verification;

public sealed class VerificationPartsTests
{
    [Theory]
    [InlineData("GET /users/{userId}", "GET", "/users/101")]
    [InlineData("DELETE /orders/{orderId}/items/{itemId}", "DELETE", "/orders/sample/items/sample")]
    [InlineData("ANY /files/{proxy+}", "GET", "/files/sample/path")]
    [InlineData("$default", "GET", "/")]
    [InlineData("POST /orders", "POST", "/orders")]
    public void RouteSample_FillsPathParametersAndPicksAMethodThatReachesTheRoute(string routeKey, string method, string path)
    {
        var sample = RouteSample.For(routeKey)!;

        Assert.Equal((method, path), (sample.Method, sample.Path));
        Assert.Equal($"https://abc.execute-api.us-east-1.amazonaws.com{path}", sample.UrlUnder(new Uri("https://abc.execute-api.us-east-1.amazonaws.com/")).AbsoluteUri);
    }

    [Fact]
    public void TestUserPassword_MeetsCognitosDefaultPolicy_AndIsDifferentEveryTime()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => TestUserPassword.New()).ToList();

        Assert.Equal(50, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.True(p.Length >= 8);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => !char.IsLetterOrDigit(c));
            Assert.False(char.IsWhiteSpace(p[0]) || char.IsWhiteSpace(p[^1]));
        });
    }

    [Fact]
    public void TamperedToken_ChangesThePayloadAndKeepsHeaderAndSignature()
    {
        static string Part(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        var jwt = $"{Part("{\"alg\":\"RS256\",\"kid\":\"k1\"}")}.{Part("{\"sub\":\"abc\",\"client_id\":\"c1\"}")}.c2lnbmF0dXJl";

        var tampered = TokenTampering.From(jwt)!.Split('.');

        var original = jwt.Split('.');
        Assert.Equal(original[0], tampered[0]);
        Assert.Equal(original[2], tampered[2]);
        Assert.NotEqual(original[1], tampered[1]);
        Assert.Contains("\"client_id\":\"c1\"", Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(tampered[1])));
        Assert.Null(TokenTampering.From("not-a-jwt"));
    }

    [Fact]
    public void Curl_QuotesTheUrlAndTheHeaderForAShell()
    {
        var sample = RouteSample.For("GET /it's")!;

        var command = CurlCommands.Command(sample, new Uri("https://abc.example/"), "tok");

        Assert.Equal("curl -i -X GET 'https://abc.example/it'\\''s' -H 'Authorization: Bearer tok'", command);
    }

    [Fact]
    public void VerifyOptions_NeverPrintTheToken()
    {
        var text = new VerifyOptions { AccessToken = "eyJsecret" }.ToString();

        Assert.DoesNotContain("eyJsecret", text);
    }
}
