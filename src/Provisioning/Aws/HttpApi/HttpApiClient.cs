using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace SecureApi.Provisioning.Aws.HttpApi;

/// <summary>
/// API Gateway v2 over restJson1 under <c>/v2/</c>: camelCase bodies, path labels URI-escaped one by one (an ARN in
/// <c>/v2/tags/{arn}</c> becomes <c>arn%3Aaws%3A…%2Fapis%2F…</c>), path-bound members never repeated in the body.
/// Obtain one through <see cref="IAwsClients.HttpApi"/>.
/// </summary>
public sealed class HttpApiClient : IHttpApiClient
{
    private readonly AwsTransport _transport;

    internal HttpApiClient(AwsTransport transport, string region, Uri endpoint)
    {
        _transport = transport;
        Endpoint = endpoint;
        Region = region;
    }

    /// <summary>The region every call of this client goes to.</summary>
    public string Region { get; }

    /// <summary>Base URL the calls are sent to.</summary>
    public Uri Endpoint { get; }

    // ---- APIs ----
    public Task<CreateApiResponse> CreateApiAsync(CreateApiRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateApiResponse>("CreateApi", HttpMethod.Post, Path("apis"), request, cancellationToken, pathMembers: []);

    public Task<GetApiResponse> GetApiAsync(GetApiRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetApiResponse>("GetApi", HttpMethod.Get, Path("apis", request.ApiId), request, cancellationToken, pathMembers: null);

    public Task<GetApisResponse> GetApisAsync(GetApisRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetApisResponse>("GetApis", HttpMethod.Get, Path("apis") + Query(request.MaxResults, request.NextToken), request, cancellationToken, pathMembers: null);

    public Task<DeleteApiResponse> DeleteApiAsync(DeleteApiRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DeleteApiResponse>("DeleteApi", HttpMethod.Delete, Path("apis", request.ApiId), request, cancellationToken, pathMembers: null);

    // ---- Routes ----
    public Task<CreateRouteResponse> CreateRouteAsync(CreateRouteRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateRouteResponse>("CreateRoute", HttpMethod.Post, Path("apis", request.ApiId, "routes"), request, cancellationToken, pathMembers: ["apiId"]);

    public Task<GetRoutesResponse> GetRoutesAsync(GetRoutesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetRoutesResponse>("GetRoutes", HttpMethod.Get, Path("apis", request.ApiId, "routes") + Query(request.MaxResults, request.NextToken), request, cancellationToken, pathMembers: null);

    public Task<UpdateRouteResponse> UpdateRouteAsync(UpdateRouteRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<UpdateRouteResponse>("UpdateRoute", HttpMethod.Patch, Path("apis", request.ApiId, "routes", request.RouteId), request, cancellationToken, pathMembers: ["apiId", "routeId"]);

    public Task<DeleteRouteResponse> DeleteRouteAsync(DeleteRouteRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DeleteRouteResponse>("DeleteRoute", HttpMethod.Delete, Path("apis", request.ApiId, "routes", request.RouteId), request, cancellationToken, pathMembers: null);

    // ---- Authorizers ----
    public Task<CreateAuthorizerResponse> CreateAuthorizerAsync(CreateAuthorizerRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateAuthorizerResponse>("CreateAuthorizer", HttpMethod.Post, Path("apis", request.ApiId, "authorizers"), request, cancellationToken, pathMembers: ["apiId"]);

    public Task<GetAuthorizersResponse> GetAuthorizersAsync(GetAuthorizersRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetAuthorizersResponse>("GetAuthorizers", HttpMethod.Get, Path("apis", request.ApiId, "authorizers") + Query(request.MaxResults, request.NextToken), request, cancellationToken, pathMembers: null);

    public Task<DeleteAuthorizerResponse> DeleteAuthorizerAsync(DeleteAuthorizerRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DeleteAuthorizerResponse>("DeleteAuthorizer", HttpMethod.Delete, Path("apis", request.ApiId, "authorizers", request.AuthorizerId), request, cancellationToken, pathMembers: null);

    // ---- Integrations ----
    public Task<CreateIntegrationResponse> CreateIntegrationAsync(CreateIntegrationRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateIntegrationResponse>("CreateIntegration", HttpMethod.Post, Path("apis", request.ApiId, "integrations"), request, cancellationToken, pathMembers: ["apiId"]);

    public Task<GetIntegrationsResponse> GetIntegrationsAsync(GetIntegrationsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetIntegrationsResponse>("GetIntegrations", HttpMethod.Get, Path("apis", request.ApiId, "integrations") + Query(request.MaxResults, request.NextToken), request, cancellationToken, pathMembers: null);

    public Task<DeleteIntegrationResponse> DeleteIntegrationAsync(DeleteIntegrationRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DeleteIntegrationResponse>("DeleteIntegration", HttpMethod.Delete, Path("apis", request.ApiId, "integrations", request.IntegrationId), request, cancellationToken, pathMembers: null);

    // ---- Stages ----
    public Task<CreateStageResponse> CreateStageAsync(CreateStageRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateStageResponse>("CreateStage", HttpMethod.Post, Path("apis", request.ApiId, "stages"), request, cancellationToken, pathMembers: ["apiId"]);

    public Task<GetStagesResponse> GetStagesAsync(GetStagesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetStagesResponse>("GetStages", HttpMethod.Get, Path("apis", request.ApiId, "stages") + Query(request.MaxResults, request.NextToken), request, cancellationToken, pathMembers: null);

    // ---- Tags ----
    public Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<TagResourceResponse>("TagResource", HttpMethod.Post, Path("tags", request.ResourceArn), request, cancellationToken, pathMembers: ["resourceArn"]);

    public Task<GetTagsResponse> GetTagsAsync(GetTagsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetTagsResponse>("GetTags", HttpMethod.Get, Path("tags", request.ResourceArn), request, cancellationToken, pathMembers: null);

    // ---- Paging ----
    /// <inheritdoc />
    public IAsyncEnumerable<Api> GetAllApisAsync(CancellationToken cancellationToken = default) =>
        PagesAsync(
            async token =>
            {
                var page = await GetApisAsync(new GetApisRequest { NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (page.Items, page.NextToken);
            },
            cancellationToken);

    public IAsyncEnumerable<Route> GetAllRoutesAsync(string apiId, CancellationToken cancellationToken = default) =>
        PagesAsync(
            async token =>
            {
                var page = await GetRoutesAsync(new GetRoutesRequest { ApiId = apiId, NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (page.Items, page.NextToken);
            },
            cancellationToken);

    public IAsyncEnumerable<Authorizer> GetAllAuthorizersAsync(string apiId, CancellationToken cancellationToken = default) =>
        PagesAsync(
            async token =>
            {
                var page = await GetAuthorizersAsync(new GetAuthorizersRequest { ApiId = apiId, NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (page.Items, page.NextToken);
            },
            cancellationToken);

    public IAsyncEnumerable<Integration> GetAllIntegrationsAsync(string apiId, CancellationToken cancellationToken = default) =>
        PagesAsync(
            async token =>
            {
                var page = await GetIntegrationsAsync(new GetIntegrationsRequest { ApiId = apiId, NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (page.Items, page.NextToken);
            },
            cancellationToken);

    public IAsyncEnumerable<Stage> GetAllStagesAsync(string apiId, CancellationToken cancellationToken = default) =>
        PagesAsync(
            async token =>
            {
                var page = await GetStagesAsync(new GetStagesRequest { ApiId = apiId, NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (page.Items, page.NextToken);
            },
            cancellationToken);

    private static async IAsyncEnumerable<T> PagesAsync<T>(
        Func<string?, Task<(List<T>? Items, string? NextToken)>> fetchPageAsync,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? nextToken = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (items, next) = await fetchPageAsync(nextToken).ConfigureAwait(false);
            foreach (var item in items ?? [])
            {
                yield return item;
            }

            nextToken = next;
        }
        while (!string.IsNullOrEmpty(nextToken));
    }

    // Each label is escaped on its own, so '/' and ':' inside an id or ARN stay part of that label.
    private static string Path(params string[] segments)
    {
        var path = new StringBuilder("v2");
        foreach (var segment in segments)
        {
            path.Append('/').Append(Uri.EscapeDataString(segment));
        }

        return path.ToString();
    }

    // EscapeDataString turns '+' into %2B: a raw '+' would be read (and signed) as a space, breaking page tokens.
    private static string Query(string? maxResults, string? nextToken)
    {
        var parameters = new List<string>(2);
        if (!string.IsNullOrEmpty(maxResults))
        {
            parameters.Add("maxResults=" + Uri.EscapeDataString(maxResults));
        }

        if (!string.IsNullOrEmpty(nextToken))
        {
            parameters.Add("nextToken=" + Uri.EscapeDataString(nextToken));
        }

        return parameters.Count == 0 ? "" : "?" + string.Join('&', parameters);
    }

    // pathMembers: request members that went into the path and so stay out of the body (restJson1 binds them to the
    // URI); null when the operation has no body at all.
    private Task<TResponse> SendAsync<TResponse>(
        string operation, HttpMethod method, string relativePath, object request, CancellationToken cancellationToken, string[]? pathMembers)
        where TResponse : class
    {
        var message = new HttpRequestMessage(method, new Uri(Endpoint.AbsoluteUri + relativePath));
        if (pathMembers is not null)
        {
            message.Content = new ByteArrayContent(Body(request, pathMembers));
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return _transport.SendAsync<TResponse>(AwsServiceInfo.ApiGateway, Region, operation, request, message, AwsJson.HttpApi, cancellationToken);
    }

    private static byte[] Body(object request, string[] pathMembers)
    {
        var body = JsonSerializer.SerializeToNode(request, request.GetType(), AwsJson.HttpApi)!.AsObject();
        foreach (var member in pathMembers)
        {
            body.Remove(member);
        }

        return JsonSerializer.SerializeToUtf8Bytes(body, AwsJson.HttpApi);
    }
}
