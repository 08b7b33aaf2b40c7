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

/// <summary>
/// Outcome of verifying a request's signature; <c>OutsideTimeWindow</c> is set when it was refused for its age alone
/// (expired or not yet current), which AWS reports with another status on some services.
/// </summary>
internal sealed record SigV4Result(bool IsValid, string? ErrorCode, string? Message, string? Region, string? Service, bool OutsideTimeWindow = false)
{
    public static SigV4Result Valid(string region, string service) => new(true, null, null, region, service);
    public static SigV4Result Invalid(string code, string message) => new(false, code, message, null, null);
    public static SigV4Result OutOfWindow(string message) => new(false, SigV4Verifier.InvalidSignature, message, null, null, OutsideTimeWindow: true);
}

/// <summary>
/// Verifies SigV4 <c>Authorization</c> headers against one configured access key/secret. The expected signature is
/// recomputed with AWSSDK.Core's own signer over the same signed headers, time, region and service, so the Sandbox
/// accepts exactly what the SDK produces. Requests whose signature leaves out <c>x-amz-content-sha256</c> (which
/// that signer always includes; botocore and so the AWS CLI leave it out) are checked by <see cref="CanonicalSigV4"/>.
/// Like AWS, a signature whose <c>X-Amz-Date</c> is more than <see cref="MaxClockSkew"/> away from the Sandbox's
/// <paramref name="clock"/> is refused before it is checked, with AWS's "Signature expired" / "not yet current" words.
/// </summary>
internal sealed class SigV4Verifier(string accessKey, string secretKey, TimeProvider clock)
{
    public const string MissingToken = "MissingAuthenticationTokenException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string IncompleteSignature = "IncompleteSignatureException";

    /// <summary>How far <c>X-Amz-Date</c> may be from the server's clock, either way (AWS's "- 5 min." / "+ 5 min.").</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string BasicFormat = "yyyyMMdd'T'HHmmss'Z'";

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
            || !DateTime.TryParseExact(amzDate, BasicFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture) != parsed.Date)
        {
            return SigV4Result.Invalid(IncompleteSignature, "Date must be in ISO-8601 'basic format' and match the credential scope.");
        }

        if (CheckTimeWindow(signedAt) is { } outOfWindow)
        {
            return outOfWindow;
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

    // AWS checks the age before the signature: a request signed by a client with a skewed clock gets a message that
    // names both times, so that its SDK can correct its clock from the response's Date header and sign again.
    private SigV4Result? CheckTimeWindow(DateTime signedAt)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (signedAt < now - MaxClockSkew)
        {
            return SigV4Result.OutOfWindow(
                $"Signature expired: {Basic(signedAt)} is now earlier than {Basic(now - MaxClockSkew)} ({Basic(now)} - {MaxClockSkew.TotalMinutes:0} min.)");
        }

        if (signedAt > now + MaxClockSkew)
        {
            return SigV4Result.OutOfWindow(
                $"Signature not yet current: {Basic(signedAt)} is still later than {Basic(now + MaxClockSkew)} ({Basic(now)} + {MaxClockSkew.TotalMinutes:0} min.)");
        }

        return null;
    }

    private static string Basic(DateTime time) => time.ToString(BasicFormat, CultureInfo.InvariantCulture);

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
