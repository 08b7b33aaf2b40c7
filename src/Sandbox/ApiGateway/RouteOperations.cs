using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.ApiGateway;

/// <summary>Route operations of an HTTP API. Runs under the state lock.</summary>
internal sealed class RouteOperations(HttpApiOperations apis, SandboxOptions options)
{
    private const int MaxRoutes = 300;
    private const int MaxScopes = 10;

    public AwsResponse CreateRoute(ApiGatewayRequest request)
    {
        var api = apis.FindApi(request);
        var routeKey = request.Body.String("routeKey") ?? throw SandboxAwsError.BadRequest("Invalid input: 'routeKey' is required.");
        if (api.Routes.Count >= MaxRoutes)
        {
            throw SandboxAwsError.BadRequest($"An API can have at most {MaxRoutes} routes.");
        }

        var route = new RouteState { RouteId = AwsIds.Unique(AwsIds.ChildId, api.Routes.ContainsKey), RouteKey = routeKey };
        Apply(api, route, request.Body);
        api.Routes[route.RouteId] = route;
        return AwsResponse.Created(ApiGatewayJson.Route(route));
    }

    public AwsResponse GetRoutes(ApiGatewayRequest request) =>
        AwsResponse.Ok(request.Page(apis.FindApi(request).Routes.Values, r => r.RouteId, ApiGatewayJson.Route));

    public AwsResponse GetRoute(ApiGatewayRequest request) => AwsResponse.Ok(ApiGatewayJson.Route(FindRoute(request).Route));

    /// <summary>PATCH: members present in the body change, absent ones stay; the result is validated as a whole.</summary>
    public AwsResponse UpdateRoute(ApiGatewayRequest request)
    {
        var (api, existing) = FindRoute(request);
        var updated = new RouteState
        {
            RouteId = existing.RouteId,
            RouteKey = request.Body.String("routeKey") ?? existing.RouteKey,
            Target = existing.Target,
            AuthorizationType = existing.AuthorizationType,
            AuthorizerId = existing.AuthorizerId,
            AuthorizationScopes = existing.AuthorizationScopes,
            ApiKeyRequired = existing.ApiKeyRequired,
            OperationName = existing.OperationName,
        };
        Apply(api, updated, request.Body);
        api.Routes[updated.RouteId] = updated;
        return AwsResponse.Ok(ApiGatewayJson.Route(updated));
    }

    public AwsResponse DeleteRoute(ApiGatewayRequest request)
    {
        var (api, route) = FindRoute(request);
        api.Routes.Remove(route.RouteId);
        return AwsResponse.NoContent();
    }

    private void Apply(ApiState api, RouteState route, RequestReader body)
    {
        if (ApiGatewayRules.RouteKeyProblem(route.RouteKey) is { } problem)
        {
            throw SandboxAwsError.BadRequest($"Invalid route key '{route.RouteKey}': {problem}.");
        }

        if (api.Routes.Values.Any(r => r.RouteId != route.RouteId && r.RouteKey == route.RouteKey))
        {
            throw SandboxAwsError.Conflict($"Route with key {route.RouteKey} already exists for this API");
        }

        if (body.Has("target"))
        {
            route.Target = body.String("target") is { Length: > 0 } target ? target : null;
        }

        if (route.Target is { } routeTarget)
        {
            const string prefix = "integrations/";
            if (!routeTarget.StartsWith(prefix, StringComparison.Ordinal) || !api.Integrations.ContainsKey(routeTarget[prefix.Length..]))
            {
                throw SandboxAwsError.BadRequest($"Invalid target '{routeTarget}': it must be integrations/{{integrationId}} of an integration of this API.");
            }
        }

        route.AuthorizationType = body.String("authorizationType") ?? route.AuthorizationType;
        if (!ApiGatewayRules.AuthorizationTypes.Contains(route.AuthorizationType, StringComparer.Ordinal))
        {
            throw SandboxAwsError.BadRequest($"Invalid authorizationType '{route.AuthorizationType}': must be one of {string.Join(", ", ApiGatewayRules.AuthorizationTypes)}.");
        }

        if (body.Has("authorizerId"))
        {
            route.AuthorizerId = body.String("authorizerId") is { Length: > 0 } id ? id : null;
        }

        route.AuthorizationScopes = body.Strings("authorizationScopes") ?? route.AuthorizationScopes;
        route.ApiKeyRequired = body.Bool("apiKeyRequired") ?? route.ApiKeyRequired;
        route.OperationName = body.String("operationName") ?? route.OperationName;
        ValidateAuthorization(api, route);
    }

    private static void ValidateAuthorization(ApiState api, RouteState route)
    {
        switch (route.AuthorizationType)
        {
            case "NONE" or "AWS_IAM":
                // Switching a route to NONE detaches its authorizer: AWS keeps no authorizer on an open route.
                route.AuthorizerId = null;
                route.AuthorizationScopes = [];
                return;
            case "JWT" or "CUSTOM":
                var expected = route.AuthorizationType == "JWT" ? "JWT" : "REQUEST";
                if (route.AuthorizerId is null)
                {
                    throw SandboxAwsError.BadRequest($"An authorizerId is required when authorizationType is {route.AuthorizationType}.");
                }

                if (!api.Authorizers.TryGetValue(route.AuthorizerId, out var authorizer) || authorizer.AuthorizerType != expected)
                {
                    throw SandboxAwsError.BadRequest($"Invalid authorizer id specified: {route.AuthorizerId} is not a {expected} authorizer of this API.");
                }

                break;
        }

        if (route.AuthorizationScopes.Count > 0 && route.AuthorizationType != "JWT")
        {
            throw SandboxAwsError.BadRequest("Authorization scopes are supported only for JWT authorizers.");
        }

        if (route.AuthorizationScopes.Count > MaxScopes)
        {
            throw SandboxAwsError.BadRequest($"A route can have at most {MaxScopes} authorization scopes.");
        }
    }

    private (ApiState Api, RouteState Route) FindRoute(ApiGatewayRequest request)
    {
        var api = apis.FindApi(request);
        return api.Routes.TryGetValue(request.ChildId ?? "", out var route)
            ? (api, route)
            : throw SandboxAwsError.NotFound($"Invalid Route identifier specified {options.AccountId}:{api.ApiId}:{request.ChildId}");
    }
}
