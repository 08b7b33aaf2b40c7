namespace SecureApi.Provisioning.Aws.HttpApi;

/// <summary>
/// Thin client for the Amazon API Gateway v2 (HTTP APIs) operations SecureApi uses (restJson1 under <c>/v2/</c>).
/// Shaped like the official SDK's <c>IAmazonApiGatewayV2</c> so that it could be swapped in.
/// </summary>
public interface IHttpApiClient
{
    Task<CreateApiResponse> CreateApiAsync(CreateApiRequest request, CancellationToken cancellationToken = default);
    Task<GetApiResponse> GetApiAsync(GetApiRequest request, CancellationToken cancellationToken = default);
    Task<GetApisResponse> GetApisAsync(GetApisRequest request, CancellationToken cancellationToken = default);
    Task<DeleteApiResponse> DeleteApiAsync(DeleteApiRequest request, CancellationToken cancellationToken = default);
    Task<CreateRouteResponse> CreateRouteAsync(CreateRouteRequest request, CancellationToken cancellationToken = default);
    Task<GetRoutesResponse> GetRoutesAsync(GetRoutesRequest request, CancellationToken cancellationToken = default);
    Task<UpdateRouteResponse> UpdateRouteAsync(UpdateRouteRequest request, CancellationToken cancellationToken = default);
    Task<DeleteRouteResponse> DeleteRouteAsync(DeleteRouteRequest request, CancellationToken cancellationToken = default);
    Task<CreateAuthorizerResponse> CreateAuthorizerAsync(CreateAuthorizerRequest request, CancellationToken cancellationToken = default);
    Task<GetAuthorizersResponse> GetAuthorizersAsync(GetAuthorizersRequest request, CancellationToken cancellationToken = default);
    Task<DeleteAuthorizerResponse> DeleteAuthorizerAsync(DeleteAuthorizerRequest request, CancellationToken cancellationToken = default);
    Task<CreateIntegrationResponse> CreateIntegrationAsync(CreateIntegrationRequest request, CancellationToken cancellationToken = default);
    Task<GetIntegrationsResponse> GetIntegrationsAsync(GetIntegrationsRequest request, CancellationToken cancellationToken = default);
    Task<DeleteIntegrationResponse> DeleteIntegrationAsync(DeleteIntegrationRequest request, CancellationToken cancellationToken = default);
    Task<CreateStageResponse> CreateStageAsync(CreateStageRequest request, CancellationToken cancellationToken = default);
    Task<GetStagesResponse> GetStagesAsync(GetStagesRequest request, CancellationToken cancellationToken = default);
    Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default);
    Task<GetTagsResponse> GetTagsAsync(GetTagsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Follow <c>nextToken</c> to the end.</summary>
    IAsyncEnumerable<Api> GetAllApisAsync(CancellationToken cancellationToken = default);
    IAsyncEnumerable<Route> GetAllRoutesAsync(string apiId, CancellationToken cancellationToken = default);
    IAsyncEnumerable<Authorizer> GetAllAuthorizersAsync(string apiId, CancellationToken cancellationToken = default);
    IAsyncEnumerable<Integration> GetAllIntegrationsAsync(string apiId, CancellationToken cancellationToken = default);
    IAsyncEnumerable<Stage> GetAllStagesAsync(string apiId, CancellationToken cancellationToken = default);
}
