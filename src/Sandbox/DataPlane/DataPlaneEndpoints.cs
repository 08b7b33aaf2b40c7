using Microsoft.AspNetCore.Routing;

namespace SecureApi.Sandbox.DataPlane;

/// <summary>The data plane: JWKS / discovery documents, the HTTP API gateway, the echo target.</summary>
public static class DataPlaneEndpoints
{
    /// <summary>Registers the data plane's services.</summary>
    public static IServiceCollection AddSandboxDataPlane(this IServiceCollection services) => services;

    /// <summary>Maps the data plane's endpoints on the Sandbox app.</summary>
    public static IEndpointRouteBuilder MapSandboxDataPlane(this IEndpointRouteBuilder endpoints) => endpoints;
}
