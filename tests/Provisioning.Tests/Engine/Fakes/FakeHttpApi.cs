using System.Runtime.CompilerServices;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Engine.Fakes;

internal sealed class FakeHttpApi(FakeAws aws, string region) : IHttpApiClient
{
    private const string Service = "apigateway";

    private FakeApi Api(string operation, string id) =>
        aws.Apis.GetValueOrDefault(id) ?? throw FakeAws.NotFound(Service, operation, $"API {id}");

    public Task<CreateApiResponse> CreateApiAsync(CreateApiRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "CreateApi", request, () =>
        {
            var id = FakeAws.NewId(10);
            var api = new Api
            {
                ApiId = id, Name = request.Name, ProtocolType = request.ProtocolType,
                ApiEndpoint = $"https://{id}.execute-api.{region}.amazonaws.com",
                Tags = request.Tags is null ? null : new(request.Tags),
            };
            aws.Apis[id] = new FakeApi { Api = api };
            return new CreateApiResponse { ApiId = id, Name = api.Name, ApiEndpoint = api.ApiEndpoint, Tags = api.Tags, ProtocolType = api.ProtocolType };
        }, cancellationToken);

    public Task<GetApiResponse> GetApiAsync(GetApiRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "GetApi", request, () =>
        {
            var api = Api("GetApi", request.ApiId).Api;
            return new GetApiResponse { ApiId = api.ApiId, Name = api.Name, ApiEndpoint = api.ApiEndpoint, Tags = api.Tags };
        }, cancellationToken);

    public Task<GetApisResponse> GetApisAsync(GetApisRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "GetApis", request, () => new GetApisResponse { Items = [.. aws.Apis.Values.Select(a => a.Api)] }, cancellationToken);

    public Task<DeleteApiResponse> DeleteApiAsync(DeleteApiRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "DeleteApi", request, () =>
        {
            Api("DeleteApi", request.ApiId);
            aws.Apis.Remove(request.ApiId);
            return new DeleteApiResponse();
        }, cancellationToken);

    public Task<CreateRouteResponse> CreateRouteAsync(CreateRouteRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "CreateRoute", request, () =>
        {
            var api = Api("CreateRoute", request.ApiId);
            var route = new Route
            {
                RouteId = FakeAws.NewId(7), RouteKey = request.RouteKey, Target = request.Target,
                AuthorizationType = request.AuthorizationType ?? "NONE", AuthorizerId = request.AuthorizerId,
            };
            api.Routes[route.RouteId!] = route;
            return new CreateRouteResponse
            {
                RouteId = route.RouteId, RouteKey = route.RouteKey, Target = route.Target,
                AuthorizationType = route.AuthorizationType, AuthorizerId = route.AuthorizerId,
            };
        }, cancellationToken);

    public Task<GetRoutesResponse> GetRoutesAsync(GetRoutesRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "GetRoutes", request, () => new GetRoutesResponse { Items = [.. Api("GetRoutes", request.ApiId).Routes.Values] }, cancellationToken);

    public Task<UpdateRouteResponse> UpdateRouteAsync(UpdateRouteRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "UpdateRoute", request, () =>
        {
            var api = Api("UpdateRoute", request.ApiId);
            var route = api.Routes.GetValueOrDefault(request.RouteId) ?? throw FakeAws.NotFound(Service, "UpdateRoute", $"Route {request.RouteId}");
            route = route with
            {
                AuthorizationType = request.AuthorizationType ?? route.AuthorizationType,
                AuthorizerId = request.AuthorizationType == "NONE" ? null : request.AuthorizerId ?? route.AuthorizerId,
            };
            api.Routes[request.RouteId] = route;
            return new UpdateRouteResponse { RouteId = route.RouteId, RouteKey = route.RouteKey, AuthorizationType = route.AuthorizationType, AuthorizerId = route.AuthorizerId };
        }, cancellationToken);

    public Task<DeleteRouteResponse> DeleteRouteAsync(DeleteRouteRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "DeleteRoute", request, () =>
            Api("DeleteRoute", request.ApiId).Routes.Remove(request.RouteId)
                ? new DeleteRouteResponse()
                : throw FakeAws.NotFound(Service, "DeleteRoute", $"Route {request.RouteId}"), cancellationToken);

    public Task<CreateAuthorizerResponse> CreateAuthorizerAsync(CreateAuthorizerRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "CreateAuthorizer", request, () =>
        {
            var authorizer = new Authorizer
            {
                AuthorizerId = FakeAws.NewId(6), Name = request.Name, AuthorizerType = request.AuthorizerType,
                IdentitySource = request.IdentitySource, JwtConfiguration = request.JwtConfiguration,
            };
            Api("CreateAuthorizer", request.ApiId).Authorizers[authorizer.AuthorizerId!] = authorizer;
            return new CreateAuthorizerResponse
            {
                AuthorizerId = authorizer.AuthorizerId, Name = authorizer.Name, AuthorizerType = authorizer.AuthorizerType,
                IdentitySource = authorizer.IdentitySource, JwtConfiguration = authorizer.JwtConfiguration,
            };
        }, cancellationToken);

    public Task<GetAuthorizersResponse> GetAuthorizersAsync(GetAuthorizersRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "GetAuthorizers", request, () => new GetAuthorizersResponse { Items = [.. Api("GetAuthorizers", request.ApiId).Authorizers.Values] }, cancellationToken);

    public Task<DeleteAuthorizerResponse> DeleteAuthorizerAsync(DeleteAuthorizerRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "DeleteAuthorizer", request, () =>
            Api("DeleteAuthorizer", request.ApiId).Authorizers.Remove(request.AuthorizerId)
                ? new DeleteAuthorizerResponse()
                : throw FakeAws.NotFound(Service, "DeleteAuthorizer", $"Authorizer {request.AuthorizerId}"), cancellationToken);

    public Task<CreateIntegrationResponse> CreateIntegrationAsync(CreateIntegrationRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "CreateIntegration", request, () =>
        {
            var integration = new Integration
            {
                IntegrationId = FakeAws.NewId(7), IntegrationType = request.IntegrationType, IntegrationUri = request.IntegrationUri,
                IntegrationMethod = request.IntegrationMethod, PayloadFormatVersion = request.PayloadFormatVersion,
            };
            Api("CreateIntegration", request.ApiId).Integrations[integration.IntegrationId!] = integration;
            return new CreateIntegrationResponse { IntegrationId = integration.IntegrationId, IntegrationType = integration.IntegrationType };
        }, cancellationToken);

    public Task<GetIntegrationsResponse> GetIntegrationsAsync(GetIntegrationsRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "GetIntegrations", request, () => new GetIntegrationsResponse { Items = [.. Api("GetIntegrations", request.ApiId).Integrations.Values] }, cancellationToken);

    public Task<DeleteIntegrationResponse> DeleteIntegrationAsync(DeleteIntegrationRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "DeleteIntegration", request, () =>
            Api("DeleteIntegration", request.ApiId).Integrations.Remove(request.IntegrationId)
                ? new DeleteIntegrationResponse()
                : throw FakeAws.NotFound(Service, "DeleteIntegration", $"Integration {request.IntegrationId}"), cancellationToken);

    public Task<CreateStageResponse> CreateStageAsync(CreateStageRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "CreateStage", request, () =>
        {
            var stage = new Stage { StageName = request.StageName, AutoDeploy = request.AutoDeploy, Tags = request.Tags };
            Api("CreateStage", request.ApiId).Stages[request.StageName] = stage;
            return new CreateStageResponse { StageName = stage.StageName, AutoDeploy = stage.AutoDeploy, Tags = stage.Tags };
        }, cancellationToken);

    public Task<GetStagesResponse> GetStagesAsync(GetStagesRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "GetStages", request, () => new GetStagesResponse { Items = [.. Api("GetStages", request.ApiId).Stages.Values] }, cancellationToken);

    public Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default) =>
        Task.FromException<TagResourceResponse>(new InvalidOperationException("The engine tags at creation; TagResource is not expected."));

    public Task<GetTagsResponse> GetTagsAsync(GetTagsRequest request, CancellationToken cancellationToken = default) =>
        aws.CallAsync(Service, "GetTags", request, () =>
            new GetTagsResponse { Tags = Api("GetTags", request.ResourceArn[(request.ResourceArn.LastIndexOf('/') + 1)..]).Api.Tags }, cancellationToken);

    public IAsyncEnumerable<Api> GetAllApisAsync(CancellationToken cancellationToken = default) =>
        FakePaging.AllAsync(async () => (await GetApisAsync(new GetApisRequest(), cancellationToken)).Items, cancellationToken);

    public IAsyncEnumerable<Route> GetAllRoutesAsync(string apiId, CancellationToken cancellationToken = default) =>
        FakePaging.AllAsync(async () => (await GetRoutesAsync(new GetRoutesRequest { ApiId = apiId }, cancellationToken)).Items, cancellationToken);

    public IAsyncEnumerable<Authorizer> GetAllAuthorizersAsync(string apiId, CancellationToken cancellationToken = default) =>
        FakePaging.AllAsync(async () => (await GetAuthorizersAsync(new GetAuthorizersRequest { ApiId = apiId }, cancellationToken)).Items, cancellationToken);

    public IAsyncEnumerable<Integration> GetAllIntegrationsAsync(string apiId, CancellationToken cancellationToken = default) =>
        FakePaging.AllAsync(async () => (await GetIntegrationsAsync(new GetIntegrationsRequest { ApiId = apiId }, cancellationToken)).Items, cancellationToken);

    public IAsyncEnumerable<Stage> GetAllStagesAsync(string apiId, CancellationToken cancellationToken = default) =>
        FakePaging.AllAsync(async () => (await GetStagesAsync(new GetStagesRequest { ApiId = apiId }, cancellationToken)).Items, cancellationToken);
}
