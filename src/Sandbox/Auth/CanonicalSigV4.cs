using System.Security.Cryptography;
using System.Text;

namespace SecureApi.Sandbox.Auth;

/// <summary>
/// The SigV4 algorithm written out (canonical request → string to sign → HMAC chain), for the requests AWSSDK.Core's
/// signer cannot reproduce: it always signs <c>x-amz-content-sha256</c>, while botocore (the AWS CLI) signs only the
/// headers it sent, e.g. <c>content-type;host;x-amz-date;x-amz-target</c>. Non-S3 rules: the wire path is
/// URI-encoded once more, the query is decoded, re-encoded per RFC 3986 and sorted, the payload is hashed.
/// </summary>
internal static class CanonicalSigV4
{
    public static string Signature(SignedRequest request, IReadOnlyList<string> signedHeaders, string amzDate,
        string secretKey, string date, string region, string service)
    {
        var canonicalRequest = string.Join('\n',
            request.Method.ToUpperInvariant(),
            CanonicalPath(request.Uri),
            CanonicalQuery(request.Uri),
            string.Concat(signedHeaders.Select(name => name + ":" + HeaderValue(request, name) + "\n")),
            string.Join(';', signedHeaders),
            Hex(SHA256.HashData(request.Body)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        return path.Length == 0 ? "/" : Encode(path, keepSlash: true);
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                return (Key: Encode(key, keepSlash: false), Value: Encode(value, keepSlash: false));
            })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    private static string HeaderValue(SignedRequest request, string name)
    {
        var value = name == "host" && !request.Headers.ContainsKey("host") ? request.Uri.Authority : request.Headers.GetValueOrDefault(name, "");
        return string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>RFC 3986 encoding: everything but unreserved characters (and '/' in paths) as %XX of the UTF-8 bytes.</summary>
    private static string Encode(string value, bool keepSlash)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || keepSlash && c == '/')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
