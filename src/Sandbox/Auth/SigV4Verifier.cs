using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace SecureApi.Sandbox.Auth;

/// <summary>A request as it arrived on the wire: what a SigV4 signature covers.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Uri">Absolute URI built from the Host header and the raw request target (escapes kept as sent).</param>
/// <param name="Headers">Request headers (case-insensitive); several values of one header joined with ','.</param>
/// <param name="Body">The request body (empty when none).</param>
internal sealed record SignedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>Outcome of verifying a request's signature.</summary>
internal sealed record SigV4Result(bool IsValid, string? ErrorCode, string? Message, string? Region, string? Service)
{
    public static SigV4Result Valid(string region, string service) => new(true, null, null, region, service);
    public static SigV4Result Invalid(string code, string message) => new(false, code, message, null, null);
}

/// <summary>
/// Verifies SigV4 <c>Authorization</c> headers against one configured access key/secret. The expected signature is
/// recomputed with AWSSDK.Core's own signer over the same signed headers, time, region and service, so the Sandbox
/// accepts exactly what the SDK produces. Requests whose signature leaves out <c>x-amz-content-sha256</c> (which
/// that signer always includes; botocore and so the AWS CLI leave it out) are checked by <see cref="CanonicalSigV4"/>.
/// </summary>
internal sealed class SigV4Verifier(string accessKey, string secretKey)
{
    public const string MissingToken = "MissingAuthenticationTokenException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string IncompleteSignature = "IncompleteSignatureException";

    private const string Algorithm = "AWS4-HMAC-SHA256";

    // Headers the SDK signer never signs; if a client signed them anyway we cannot reproduce its signature.
    private static readonly HashSet<string> s_headersComputedBySigner = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "x-amz-date", "x-amz-content-sha256",
    };

    public SigV4Result Verify(SignedRequest request)
    {
        if (!request.Headers.TryGetValue("Authorization", out var authorization) || string.IsNullOrWhiteSpace(authorization))
        {
            return SigV4Result.Invalid(MissingToken, "Missing Authentication Token");
        }

        var parsed = ParseAuthorization(authorization);
        if (parsed is null)
        {
            return SigV4Result.Invalid(IncompleteSignature,
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters with algorithm AWS4-HMAC-SHA256.");
        }

        if (!string.Equals(parsed.AccessKey, accessKey, StringComparison.Ordinal))
        {
            return SigV4Result.Invalid(UnrecognizedClient, "The security token included in the request is invalid.");
        }

        if (!request.Headers.TryGetValue("X-Amz-Date", out var amzDate)
            || !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture) != parsed.Date)
        {
            return SigV4Result.Invalid(IncompleteSignature, "Date must be in ISO-8601 'basic format' and match the credential scope.");
        }

        var expected = parsed.SignedHeaders.Contains("x-amz-content-sha256")
            ? ComputeSignature(request, parsed, signedAt)
            : CanonicalSigV4.Signature(request, parsed.SignedHeaders, amzDate, secretKey, parsed.Date, parsed.Region, parsed.Service);
        var valid = expected is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parsed.Signature));
        return valid
            ? SigV4Result.Valid(parsed.Region, parsed.Service)
            : SigV4Result.Invalid(InvalidSignature,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    private string? ComputeSignature(SignedRequest request, ParsedAuthorization parsed, DateTime signedAt)
    {
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = new HttpMethod(request.Method),
            RequestUri = request.Uri,
            Content = request.Body,
        };
        foreach (var name in parsed.SignedHeaders)
        {
            if (s_headersComputedBySigner.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryGetValue(name, out var value))
            {
                return null;
            }

            signingRequest.Headers[name] = value;
        }

        var result = AWSSigV4Signer.Sign(signingRequest, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(accessKey, secretKey),
            Region = RegionEndpoint.GetBySystemName(parsed.Region),
            Service = parsed.Service,
            SignedAt = signedAt,
        });

        var recomputed = ParseAuthorization(result.Headers["Authorization"]);
        // The SDK signs every header it is given plus host, x-amz-date and x-amz-content-sha256; if its list still
        // differs from the client's, the client's signature cannot be reproduced and is rejected as a bad one.
        return recomputed is not null && recomputed.SignedHeaders.SequenceEqual(parsed.SignedHeaders, StringComparer.Ordinal)
            ? recomputed.Signature
            : null;
    }

    private static ParsedAuthorization? ParseAuthorization(string header)
    {
        var trimmed = header.Trim();
        if (!trimmed.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in trimmed[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                return null;
            }

            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        var scope = credential?.Split('/');
        if (scope is not { Length: 5 } || scope[4] != "aws4_request" || signedHeaders is null || string.IsNullOrEmpty(signature))
        {
            return null;
        }

        return new ParsedAuthorization(scope[0], scope[1], scope[2], scope[3],
            signedHeaders.Split(';').Select(h => h.ToLowerInvariant()).ToArray(), signature);
    }

    private sealed record ParsedAuthorization(
        string AccessKey, string Date, string Region, string Service, string[] SignedHeaders, string Signature);
}
