using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace SecureApi.Provisioning.Aws;

/// <summary>An AWS error response taken apart: code (namespace stripped), message and request id.</summary>
internal sealed record AwsErrorInfo(string Code, string Message, string? RequestId);

/// <summary>
/// The .NET SDK's own JSON error parse order (aws-wire.md §2.3), so that codes match what the official SDK reports:
/// code from body <c>__type</c>, else header <c>x-amzn-ErrorType</c>, else body <c>code</c>/<c>Code</c>, stripped up to
/// the last <c>#</c> and from the first <c>:</c>; message from body <c>message</c>/<c>Message</c>, overridden by header
/// <c>x-amzn-error-message</c>; request id from <c>x-amzn-RequestId</c>. A body starting with <c>&lt;</c> is XML.
/// </summary>
internal static class AwsErrorParser
{
    public const string RequestIdHeader = "x-amzn-RequestId";

    public static string? RequestId(HttpResponseMessage response) => Header(response, RequestIdHeader);

    public static AwsErrorInfo Parse(HttpResponseMessage response, string body)
    {
        var trimmed = body.TrimStart();
        var (bodyType, bodyCode, bodyMessage, bodyRequestId) = trimmed.StartsWith('<')
            ? ReadXml(trimmed)
            : ReadJson(trimmed);

        var code = FirstNonEmpty(bodyType, Header(response, "x-amzn-ErrorType"), bodyCode);
        var message = FirstNonEmpty(Header(response, "x-amzn-error-message"), bodyMessage);
        return new AwsErrorInfo(
            Code: code is null ? FallbackCode(response.StatusCode) : StripCode(code),
            Message: message ?? response.ReasonPhrase ?? response.StatusCode.ToString(),
            RequestId: FirstNonEmpty(RequestId(response), bodyRequestId));
    }

    /// <summary><c>aws.protocols#NotFoundException:http://internal.amazon.com/…</c> → <c>NotFoundException</c>.</summary>
    public static string StripCode(string code)
    {
        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':');
        return (colon >= 0 ? code[..colon] : code).Trim();
    }

    // No code anywhere (e.g. an HTML 502 from a proxy): name the status, so callers still get a stable code.
    private static string FallbackCode(HttpStatusCode status) => $"Http{(int)status}";

    private static (string? Type, string? Code, string? Message, string? RequestId) ReadJson(string body)
    {
        if (!body.StartsWith('{'))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (String(root, "__type"), String(root, "code") ?? String(root, "Code"),
                String(root, "message") ?? String(root, "Message"), null);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static (string? Type, string? Code, string? Message, string? RequestId) ReadXml(string body)
    {
        try
        {
            var document = XDocument.Parse(body);
            return (null, Element(document, "Code"), Element(document, "Message"), Element(document, "RequestId"));
        }
        catch (XmlException)
        {
            return default;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? Element(XDocument document, string localName) =>
        document.Descendants().FirstOrDefault(element => element.Name.LocalName == localName)?.Value;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? FirstNonEmpty(values.ToArray()) : null;

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
