using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane.Gateway;

/// <summary>
/// Serves every HTTP API that has an auto-deploying <c>$default</c> stage at <c>{sandbox}/execute-api/{apiId}</c>:
/// CORS preflight, route selection, the JWT authorizer, then the HTTP_PROXY integration — in API Gateway's order and
/// with its response bodies. State is read under the lock once per request and never held while waiting.
/// </summary>
public sealed class HttpApiGateway(SandboxState state, JwtAuthorizer authorizer, GatewayForwarder forwarder, ILogger<HttpApiGateway> logger)
{
    public const string PathPrefix = "/execute-api";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var apiId = context.GetRouteValue("apiId") as string ?? "";
        var path = "/" + (context.GetRouteValue("path") as string ?? "");
        var plan = Resolve(apiId, request.Method, path);

        var requestId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(10));
        string? origin = request.Headers.Origin;
        var isPreflight = plan.Cors is not null && CorsPolicy.IsPreflight(request);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["apigw-requestid"] = requestId;
            context.Response.Headers["x-amzn-RequestId"] = requestId;
            if (!isPreflight)
            {
                plan.Cors?.ApplyToResponse(context.Response, origin);
            }

            return Task.CompletedTask;
        });

        if (plan.Status == PlanStatus.NotServed)
        {
            await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status404NotFound, GatewayResponses.NotFound);
            return;
        }

        if (plan.Status == PlanStatus.EndpointDisabled)
        {
            await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status403Forbidden, GatewayResponses.Forbidden);
            return;
        }

        if (isPreflight)
        {
            // Answered here, before routing and without the authorizer, as API Gateway does when CORS is configured.
            plan.Cors!.WritePreflight(context.Response, request);
            await context.Response.CompleteAsync();
            return;
        }

        if (plan.Match is null || plan.Route is null)
        {
            await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status404NotFound, GatewayResponses.NotFound);
            return;
        }

        var route = plan.Route;
        switch (route.AuthorizationType)
        {
            case "NONE":
                break;
            case "JWT" when plan.Authorizer is not null:
                var outcome = await authorizer.AuthorizeAsync(request, plan.Authorizer, route.AuthorizationScopes, context.RequestAborted);
                if (!outcome.Allowed)
                {
                    var message = outcome.StatusCode == StatusCodes.Status403Forbidden ? GatewayResponses.Forbidden : GatewayResponses.Unauthorized;
                    await GatewayResponses.WriteAsync(context.Response, outcome.StatusCode, message, outcome.Challenge);
                    return;
                }

                break;
            case "AWS_IAM":
                // The Sandbox does not verify SigV4 on the data plane; an IAM-protected route refuses, as it would unsigned.
                await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status403Forbidden, GatewayResponses.Forbidden);
                return;
            default:
                logger.LogWarning("Route {RouteKey} of API {ApiId} uses authorization {Type}, which the Sandbox cannot evaluate.", route.RouteKey, apiId, route.AuthorizationType);
                await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, GatewayResponses.InternalServerError);
                return;
        }

        if (plan.Integration is not { } integration)
        {
            await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status404NotFound, GatewayResponses.NotFound);
            return;
        }

        if (integration.Type != "HTTP_PROXY" || string.IsNullOrEmpty(integration.Uri) || !Uri.TryCreate(integration.Uri, UriKind.Absolute, out _))
        {
            logger.LogWarning("Integration of route {RouteKey} of API {ApiId} is {Type}; the Sandbox forwards HTTP_PROXY integrations with an absolute URI only.", route.RouteKey, apiId, integration.Type);
            await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, GatewayResponses.InternalServerError);
            return;
        }

        var target = IntegrationTarget.Build(integration.Uri, plan.Match, path, request.QueryString.Value ?? "");
        var method = string.IsNullOrEmpty(integration.Method) || integration.Method == "ANY" ? request.Method : integration.Method;
        await forwarder.ForwardAsync(context, target, method, integration.TimeoutInMillis);
    }

    private GatewayPlan Resolve(string apiId, string method, string path)
    {
        lock (state.Gate)
        {
            if (!state.Apis.TryGetValue(apiId, out var api)
                || !api.Stages.TryGetValue("$default", out var stage)
                || !stage.AutoDeploy)
            {
                return new GatewayPlan(PlanStatus.NotServed, null, null, null, null, null);
            }

            if (api.DisableExecuteApiEndpoint)
            {
                return new GatewayPlan(PlanStatus.EndpointDisabled, null, null, null, null, null);
            }

            var cors = api.Cors is null ? null : CorsPolicy.From(api.Cors);
            var routesByKey = api.Routes.Values.GroupBy(r => r.RouteKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var match = RouteMatcher.Match(routesByKey.Keys, method, path);
            if (match is null)
            {
                return new GatewayPlan(PlanStatus.Served, cors, null, null, null, null);
            }

            var route = routesByKey[match.RouteKey];
            var routeSnapshot = new RouteSnapshot(route.RouteKey, route.AuthorizationType, [.. route.AuthorizationScopes]);
            JwtAuthorizerConfig? authorizerConfig = null;
            if (route.AuthorizerId is not null && api.Authorizers.TryGetValue(route.AuthorizerId, out var authorizerState) && authorizerState.AuthorizerType == "JWT")
            {
                authorizerConfig = new JwtAuthorizerConfig([.. authorizerState.IdentitySource], authorizerState.Issuer, [.. authorizerState.Audience]);
            }

            IntegrationSnapshot? integrationSnapshot = null;
            const string TargetPrefix = "integrations/";
            if (route.Target is { } routeTarget && routeTarget.StartsWith(TargetPrefix, StringComparison.Ordinal)
                && api.Integrations.TryGetValue(routeTarget[TargetPrefix.Length..], out var integration))
            {
                integrationSnapshot = new IntegrationSnapshot(integration.IntegrationType, integration.IntegrationUri, integration.IntegrationMethod, integration.TimeoutInMillis);
            }

            return new GatewayPlan(PlanStatus.Served, cors, match, routeSnapshot, authorizerConfig, integrationSnapshot);
        }
    }

    private enum PlanStatus
    {
        NotServed,
        EndpointDisabled,
        Served,
    }

    private sealed record RouteSnapshot(string RouteKey, string AuthorizationType, IReadOnlyList<string> AuthorizationScopes);

    private sealed record IntegrationSnapshot(string Type, string? Uri, string? Method, int TimeoutInMillis);

    private sealed record GatewayPlan(
        PlanStatus Status,
        CorsPolicy? Cors,
        RouteMatch? Match,
        RouteSnapshot? Route,
        JwtAuthorizerConfig? Authorizer,
        IntegrationSnapshot? Integration);
}
