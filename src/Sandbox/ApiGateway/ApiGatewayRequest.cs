using System.Text;
using System.Text.Json.Nodes;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.ApiGateway;

/// <summary>An API Gateway v2 call: the pipeline's call, its JSON body, and the labels bound from its path.</summary>
internal sealed record ApiGatewayRequest(AwsCall Call, RequestReader Body, string? ApiId, string? ChildId, string? Arn)
{
    public IQueryCollection Query => Call.Http.Request.Query;

    /// <summary>
    /// One page of <paramref name="items"/> ordered by id. <c>maxResults</c> is a string on the wire; without it
    /// every item is returned. The token is the last id returned, opaque to callers.
    /// </summary>
    public JsonObject Page<T>(IEnumerable<T> items, Func<T, string> id, Func<T, JsonNode> toJson)
    {
        int? maxResults = null;
        var rawMax = Query["maxResults"].ToString();
        if (rawMax.Length > 0)
        {
            maxResults = int.TryParse(rawMax, out var parsed) && parsed is >= 1 and <= 500
                ? parsed
                : throw SandboxAwsError.BadRequest($"Invalid maxResults value: {rawMax}");
        }

        string? after = null;
        var token = Query["nextToken"].ToString();
        if (token.Length > 0)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw SandboxAwsError.BadRequest("Invalid nextToken value.");
            }
        }

        var ordered = items.Where(i => after is null || string.CompareOrdinal(id(i), after) > 0)
            .OrderBy(id, StringComparer.Ordinal).ToList();
        var page = maxResults is { } max ? ordered.Take(max).ToList() : ordered;
        var json = new JsonObject { ["items"] = new JsonArray(page.Select(i => (JsonNode?)toJson(i)).ToArray()) };
        if (page.Count < ordered.Count)
        {
            json["nextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(id(page[^1])));
        }

        return json;
    }
}
