using System.Text.Json.Nodes;
using SecureApi.Sandbox.Hosting;
using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.ApiGateway;

/// <summary>HTTP API, stage and tag operations. Runs under the state lock.</summary>
internal sealed class HttpApiOperations(SandboxState state, SandboxOptions options, SandboxEndpointAddress address, TimeProvider time)
{
    private const int MaxStages = 10;

    public AwsResponse CreateApi(ApiGatewayRequest request)
    {
        var body = request.Body;
        var name = body.String("name") ?? throw SandboxAwsError.BadRequest("Invalid input: 'name' is required.");
        if (name.Length is < 1 or > 128)
        {
            throw SandboxAwsError.BadRequest("Invalid API name: must be between 1 and 128 characters.");
        }

        var protocol = body.String("protocolType") ?? throw SandboxAwsError.BadRequest("Invalid input: 'protocolType' is required.");
        if (protocol != "HTTP")
        {
            throw SandboxAwsError.BadRequest(protocol == "WEBSOCKET"
                ? "The Sandbox serves HTTP APIs only; WEBSOCKET APIs are not supported."
                : $"Invalid protocolType '{protocol}': must be HTTP or WEBSOCKET.");
        }

        var tags = body.StringMap("tags") ?? [];
        HttpApiTags.Validate(tags);
        var apiId = AwsIds.Unique(AwsIds.ApiId, state.Apis.ContainsKey);
        var api = new ApiState
        {
            ApiId = apiId,
            Name = name,
            Region = request.Call.Region,
            ApiEndpoint = $"{address.Endpoint}execute-api/{apiId}",
            ProtocolType = protocol,
            Description = body.String("description"),
            CreatedAt = time.GetUtcNow(),
            Cors = ReadCors(body.Object("corsConfiguration")),
            DisableExecuteApiEndpoint = body.Bool("disableExecuteApiEndpoint") ?? false,
            RouteSelectionExpression = body.String("routeSelectionExpression") ?? "$request.method $request.path",
        };
        foreach (var (key, value) in tags)
        {
            api.Tags[key] = value;
        }

        if (body.String("target") is { } target)
        {
            QuickCreate(api, body, target);
        }

        state.Apis[apiId] = api;
        return AwsResponse.Created(ApiGatewayJson.Api(api));
    }

    public AwsResponse GetApi(ApiGatewayRequest request) => AwsResponse.Ok(ApiGatewayJson.Api(FindApi(request)));

    public AwsResponse GetApis(ApiGatewayRequest request) =>
        AwsResponse.Ok(request.Page(state.Apis.Values.Where(a => a.Region == request.Call.Region), a => a.ApiId, ApiGatewayJson.Api));

    public AwsResponse DeleteApi(ApiGatewayRequest request)
    {
        // Routes, integrations, authorizers and stages belong to the API and go with it.
        state.Apis.Remove(FindApi(request).ApiId);
        return AwsResponse.NoContent();
    }

    public AwsResponse CreateStage(ApiGatewayRequest request)
    {
        var api = FindApi(request);
        var name = request.Body.String("stageName") ?? throw SandboxAwsError.BadRequest("Invalid input: 'stageName' is required.");
        if (!ApiGatewayRules.IsStageName(name))
        {
            throw SandboxAwsError.BadRequest($"Stage name '{name}' is invalid: use $default or 1-128 characters of [a-zA-Z0-9-._~:/?#&=,].");
        }

        if (api.Stages.ContainsKey(name))
        {
            throw SandboxAwsError.Conflict($"Stage already exist: {name}");
        }

        if (api.Stages.Count >= MaxStages)
        {
            throw SandboxAwsError.BadRequest($"An API can have at most {MaxStages} stages.");
        }

        var tags = request.Body.StringMap("tags") ?? [];
        HttpApiTags.Validate(tags);
        var now = time.GetUtcNow();
        var stage = new StageState
        {
            StageName = name,
            AutoDeploy = request.Body.Bool("autoDeploy") ?? false,
            Description = request.Body.String("description"),
            CreatedAt = now,
            LastUpdatedAt = now,
        };
        foreach (var (key, value) in tags)
        {
            stage.Tags[key] = value;
        }

        api.Stages[name] = stage;
        return AwsResponse.Created(ApiGatewayJson.Stage(stage));
    }

    public AwsResponse GetStages(ApiGatewayRequest request) =>
        AwsResponse.Ok(request.Page(FindApi(request).Stages.Values, s => s.StageName, ApiGatewayJson.Stage));

    public AwsResponse GetStage(ApiGatewayRequest request) => AwsResponse.Ok(ApiGatewayJson.Stage(FindStage(request)));

    public AwsResponse DeleteStage(ApiGatewayRequest request)
    {
        FindApi(request).Stages.Remove(FindStage(request).StageName);
        return AwsResponse.NoContent();
    }

    public AwsResponse TagResource(ApiGatewayRequest request)
    {
        var tags = FindTags(request);
        var added = request.Body.StringMap("tags") ?? throw SandboxAwsError.BadRequest("Invalid input: 'tags' is required.");
        HttpApiTags.Validate(added);
        if (tags.Keys.Union(added.Keys).Count() > HttpApiTags.Max)
        {
            throw SandboxAwsError.BadRequest($"A resource can have at most {HttpApiTags.Max} tags.");
        }

        foreach (var (key, value) in added)
        {
            tags[key] = value;
        }

        return AwsResponse.Created(new JsonObject());
    }

    public AwsResponse GetTags(ApiGatewayRequest request) => AwsResponse.Ok(new JsonObject { ["tags"] = ApiGatewayJson.Map(FindTags(request)) });

    public AwsResponse UntagResource(ApiGatewayRequest request)
    {
        var tags = FindTags(request);
        foreach (var key in request.Query["tagKeys"])
        {
            tags.Remove(key ?? "");
        }

        return AwsResponse.NoContent();
    }

    public ApiState FindApi(ApiGatewayRequest request) =>
        state.Apis.TryGetValue(request.ApiId ?? "", out var api) && api.Region == request.Call.Region
            ? api
            : throw SandboxAwsError.NotFound($"Invalid API identifier specified {options.AccountId}:{request.ApiId}");

    private StageState FindStage(ApiGatewayRequest request) =>
        FindApi(request).Stages.TryGetValue(request.ChildId ?? "", out var stage)
            ? stage
            : throw SandboxAwsError.NotFound($"Invalid stage identifier specified {options.AccountId}:{request.ApiId}:{request.ChildId}");

    /// <summary>The tag map of the API or stage an ARN names: <c>arn:aws:apigateway:{region}::/apis/{id}[/stages/{name}]</c>.</summary>
    private Dictionary<string, string> FindTags(ApiGatewayRequest request)
    {
        var arn = request.Arn ?? "";
        var prefix = $"arn:aws:apigateway:{request.Call.Region}::/apis/";
        var parts = arn.StartsWith(prefix, StringComparison.Ordinal) ? arn[prefix.Length..].Split('/') : [];
        var api = parts.Length > 0 && state.Apis.TryGetValue(parts[0], out var found) && found.Region == request.Call.Region ? found : null;
        return (api, parts.Length) switch
        {
            ({ } a, 1) => a.Tags,
            ({ } a, 3) when parts[1] == "stages" && a.Stages.TryGetValue(parts[2], out var stage) => stage.Tags,
            _ => throw SandboxAwsError.NotFound($"Invalid resource identifier specified {arn}"),
        };
    }

    private static CorsState? ReadCors(RequestReader? cors)
    {
        if (cors is null)
        {
            return null;
        }

        var result = new CorsState
        {
            AllowCredentials = cors.Bool("allowCredentials"),
            AllowHeaders = cors.Strings("allowHeaders") ?? [],
            AllowMethods = cors.Strings("allowMethods") ?? [],
            AllowOrigins = cors.Strings("allowOrigins") ?? [],
            ExposeHeaders = cors.Strings("exposeHeaders") ?? [],
            MaxAge = cors.Int("maxAge"),
        };
        if (result.AllowCredentials == true && result.AllowOrigins.Contains("*"))
        {
            throw SandboxAwsError.BadRequest("allow-credentials is not supported when allow-origin is '*'.");
        }

        if (result.MaxAge is < -1 or > 86400)
        {
            throw SandboxAwsError.BadRequest("maxAge must be between -1 and 86400 seconds.");
        }

        if (result.AllowMethods.Any(m => m != "*" && !ApiGatewayRules.Methods.Contains(m.ToUpperInvariant())))
        {
            throw SandboxAwsError.BadRequest("allowMethods may contain only HTTP methods or '*'.");
        }

        return result;
    }

    /// <summary>Quick create: an HTTP_PROXY integration to the target, a route for it, and an auto-deploying $default stage.</summary>
    private void QuickCreate(ApiState api, RequestReader body, string target)
    {
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw SandboxAwsError.BadRequest("Quick create supports HTTP targets only: 'target' must be an absolute http(s) URL.");
        }

        var routeKey = body.String("routeKey") ?? "$default";
        if (ApiGatewayRules.RouteKeyProblem(routeKey) is { } problem)
        {
            throw SandboxAwsError.BadRequest($"Invalid route key '{routeKey}': {problem}.");
        }

        var integration = new IntegrationState
        {
            IntegrationId = AwsIds.ChildId(),
            IntegrationType = "HTTP_PROXY",
            IntegrationUri = target,
            IntegrationMethod = "ANY",
        };
        api.Integrations[integration.IntegrationId] = integration;
        var routeId = AwsIds.ChildId();
        api.Routes[routeId] = new RouteState { RouteId = routeId, RouteKey = routeKey, Target = "integrations/" + integration.IntegrationId };
        var now = time.GetUtcNow();
        api.Stages["$default"] = new StageState { StageName = "$default", AutoDeploy = true, CreatedAt = now, LastUpdatedAt = now };
    }
}

internal static class HttpApiTags
{
    public const int Max = 50;

    public static void Validate(Dictionary<string, string> tags)
    {
        if (tags.Count > Max)
        {
            throw SandboxAwsError.BadRequest($"A resource can have at most {Max} tags.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128 || value.Length > 256 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw SandboxAwsError.BadRequest($"Invalid tag '{key}': keys are 1-128 characters and may not start with 'aws:', values at most 256 characters.");
            }
        }
    }
}
