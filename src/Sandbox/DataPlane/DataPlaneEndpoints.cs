using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureApi.Sandbox.DataPlane.Gateway;
using SecureApi.Sandbox.DataPlane.Tokens;

namespace SecureApi.Sandbox.DataPlane;

/// <summary>The data plane: JWKS / discovery documents, the HTTP API gateway, the echo target.</summary>
public static class DataPlaneEndpoints
{
    /// <summary>Registers the data plane's services. Needs a <c>SandboxState</c> singleton registered by the host.</summary>
    public static IServiceCollection AddSandboxDataPlane(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SigningKeyStore>();
        services.TryAddSingleton<TokenIssuer>();
        services.TryAddSingleton<CognitoAuthFlows>();
        services.TryAddSingleton<WellKnownEndpoints>();
        services.TryAddSingleton<IssuerKeyResolver>();
        services.TryAddSingleton<JwtAuthorizer>();
        services.TryAddSingleton<GatewayHttpClient>();
        services.TryAddSingleton<GatewayForwarder>();
        services.TryAddSingleton<HttpApiGateway>();
        services.AddHttpForwarder();
        services.AddHttpClient(IssuerKeyResolver.HttpClientName, http =>
        {
            http.Timeout = IssuerKeyResolver.FetchTimeout * 2;
            http.MaxResponseContentBufferSize = IssuerKeyResolver.MaxDocumentBytes;
        });
        return services;
    }

    /// <summary>Maps the data plane's endpoints on the Sandbox app.</summary>
    public static IEndpointRouteBuilder MapSandboxDataPlane(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{poolId}/.well-known/jwks.json", (string poolId, WellKnownEndpoints wellKnown) => wellKnown.Jwks(poolId));
        endpoints.MapGet("/{poolId}/.well-known/openid-configuration", (HttpRequest request, string poolId, WellKnownEndpoints wellKnown) => wellKnown.OpenIdConfiguration(request, poolId));

        RequestDelegate gateway = context => context.RequestServices.GetRequiredService<HttpApiGateway>().HandleAsync(context);
        endpoints.Map(HttpApiGateway.PathPrefix + "/{apiId}", gateway);
        endpoints.Map(HttpApiGateway.PathPrefix + "/{apiId}/{**path}", gateway);

        endpoints.Map(EchoEndpoint.PathPrefix, EchoEndpoint.HandleAsync);
        endpoints.Map(EchoEndpoint.PathPrefix + "/{**path}", EchoEndpoint.HandleAsync);
        return endpoints;
    }
}
