using System.Globalization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace SecureApi.Provisioning.Tests.Aws.Support;

/// <summary>
/// Server-side check of a received request: re-signs what actually arrived (the headers it names in SignedHeaders, the
/// raw target, the body bytes, its X-Amz-Date) and compares. A client that signs something other than what it sends
/// (a charset added to Content-Type, a re-encoded path) fails here.
/// </summary>
public static class SigV4Verifier
{
    // The signer derives these itself; passing them in would hide a mismatch.
    private static readonly HashSet<string> DerivedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token",
    };

    public static string ExpectedAuthorization(CapturedRequest request, Uri endpoint, AWSCredentials credentials)
    {
        var authorization = request.Header("Authorization") ?? throw new InvalidOperationException("The request is not signed.");
        var scope = Between(authorization, "Credential=", ",").Split('/');
        var signedHeaders = Between(authorization, "SignedHeaders=", ",").Split(';');

        var signing = new AWSSigningRequest
        {
            HttpMethod = new HttpMethod(request.Method),
            RequestUri = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + request.RawTarget),
            Content = request.BodyBytes.Length == 0 ? null : request.BodyBytes,
        };
        foreach (var name in signedHeaders.Where(name => !DerivedHeaders.Contains(name)))
        {
            signing.Headers[name] = request.Header(name) ?? throw new InvalidOperationException($"Signed header {name} did not arrive.");
        }

        var signedAt = DateTime.ParseExact(request.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var result = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(scope[2]),
            Service = scope[3],
            SignedAt = signedAt,
        });
        return result.Headers["Authorization"];
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? text[from..] : text[from..to];
    }
}
