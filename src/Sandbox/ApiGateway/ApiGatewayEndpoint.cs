using Microsoft.AspNetCore.Http.Features;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.ApiGateway;

/// <summary>
/// API Gateway v2 (restJson1) under <c>/v2/</c>. Routes are matched on the raw path, label by label, because a
/// label may hold an escaped ARN (<c>/v2/tags/arn%3Aaws%3A…%2Fapis%2F…</c>) that ASP.NET routing would half-decode.
/// </summary>
internal sealed class ApiGatewayEndpoint(
    AwsCallPipeline pipeline,
    HttpApiOperations apis,
    RouteOperations routes,
    AuthorizerOperations authorizers)
{
    private delegate AwsResponse Operation(ApiGatewayRequest request);

    public async Task HandleAsync(HttpContext http)
    {
        var segments = RawPath(http).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var (name, operation, apiId, childId, arn) = Resolve(http.Request.Method, segments);
        var body = await RequestBody.ReadAsync(http.Request);
        if (operation is null)
        {
            await AwsCallPipeline.WriteErrorAsync(http, AwsService.ApiGateway,
                SandboxAwsError.NotFound($"No API Gateway v2 operation matches {http.Request.Method} {http.Request.Path}"));
            return;
        }

        await pipeline.ExecuteAsync(http, AwsService.ApiGateway, name, body, signed: true, holdStateLock: true,
            call => operation(new ApiGatewayRequest(call, new RequestReader(call.Body, SandboxAwsError.BadRequest), apiId, childId, arn)));
    }

    private (string Name, Operation? Operation, string? ApiId, string? ChildId, string? Arn) Resolve(string method, string[] s)
    {
        if (s is ["v2", "tags", var arn])
        {
            return method switch
            {
                "POST" => ("TagResource", apis.TagResource, null, null, arn),
                "GET" => ("GetTags", apis.GetTags, null, null, arn),
                "DELETE" => ("UntagResource", apis.UntagResource, null, null, arn),
                _ => ("", null, null, null, null),
            };
        }

        (string, Operation?) match = (s, method) switch
        {
            (["v2", "apis"], "POST") => ("CreateApi", apis.CreateApi),
            (["v2", "apis"], "GET") => ("GetApis", apis.GetApis),
            (["v2", "apis", _], "GET") => ("GetApi", apis.GetApi),
            (["v2", "apis", _], "DELETE") => ("DeleteApi", apis.DeleteApi),
            (["v2", "apis", _, "routes"], "POST") => ("CreateRoute", routes.CreateRoute),
            (["v2", "apis", _, "routes"], "GET") => ("GetRoutes", routes.GetRoutes),
            (["v2", "apis", _, "routes", _], "GET") => ("GetRoute", routes.GetRoute),
            (["v2", "apis", _, "routes", _], "PATCH") => ("UpdateRoute", routes.UpdateRoute),
            (["v2", "apis", _, "routes", _], "DELETE") => ("DeleteRoute", routes.DeleteRoute),
            (["v2", "apis", _, "authorizers"], "POST") => ("CreateAuthorizer", authorizers.CreateAuthorizer),
            (["v2", "apis", _, "authorizers"], "GET") => ("GetAuthorizers", authorizers.GetAuthorizers),
            (["v2", "apis", _, "authorizers", _], "GET") => ("GetAuthorizer", authorizers.GetAuthorizer),
            (["v2", "apis", _, "authorizers", _], "DELETE") => ("DeleteAuthorizer", authorizers.DeleteAuthorizer),
            (["v2", "apis", _, "integrations"], "POST") => ("CreateIntegration", authorizers.CreateIntegration),
            (["v2", "apis", _, "integrations"], "GET") => ("GetIntegrations", authorizers.GetIntegrations),
            (["v2", "apis", _, "integrations", _], "GET") => ("GetIntegration", authorizers.GetIntegration),
            (["v2", "apis", _, "integrations", _], "DELETE") => ("DeleteIntegration", authorizers.DeleteIntegration),
            (["v2", "apis", _, "stages"], "POST") => ("CreateStage", apis.CreateStage),
            (["v2", "apis", _, "stages"], "GET") => ("GetStages", apis.GetStages),
            (["v2", "apis", _, "stages", _], "GET") => ("GetStage", apis.GetStage),
            (["v2", "apis", _, "stages", _], "DELETE") => ("DeleteStage", apis.DeleteStage),
            _ => ("", null),
        };
        return (match.Item1, match.Item2, s.Length > 2 ? s[2] : null, s.Length > 4 ? s[4] : null, null);
    }

    private static string RawPath(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return http.Request.Path.ToUriComponent();
        }

        var query = raw.IndexOf('?');
        return query < 0 ? raw : raw[..query];
    }
}
