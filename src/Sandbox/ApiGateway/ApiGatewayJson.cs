using System.Globalization;
using System.Text.Json.Nodes;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.ApiGateway;

/// <summary>API Gateway v2's wire shapes (camelCase members, ISO-8601 timestamps) for the Sandbox's state.</summary>
internal static class ApiGatewayJson
{
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    public static JsonObject Map(IReadOnlyDictionary<string, string> map) =>
        new(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    public static JsonObject Api(ApiState api)
    {
        var json = new JsonObject
        {
            ["apiId"] = api.ApiId,
            ["apiEndpoint"] = api.ApiEndpoint,
            ["name"] = api.Name,
            ["protocolType"] = api.ProtocolType,
            ["routeSelectionExpression"] = api.RouteSelectionExpression,
            ["apiKeySelectionExpression"] = "$request.header.x-api-key",
            ["createdDate"] = Iso(api.CreatedAt),
            ["disableExecuteApiEndpoint"] = api.DisableExecuteApiEndpoint,
            ["ipAddressType"] = "ipv4",
            ["tags"] = Map(api.Tags),
        };
        if (api.Description is not null)
        {
            json["description"] = api.Description;
        }

        if (api.Cors is { } cors)
        {
            var corsJson = new JsonObject
            {
                ["allowHeaders"] = Array(cors.AllowHeaders),
                ["allowMethods"] = Array(cors.AllowMethods),
                ["allowOrigins"] = Array(cors.AllowOrigins),
                ["exposeHeaders"] = Array(cors.ExposeHeaders),
            };
            if (cors.AllowCredentials is { } credentials)
            {
                corsJson["allowCredentials"] = credentials;
            }

            if (cors.MaxAge is { } maxAge)
            {
                corsJson["maxAge"] = maxAge;
            }

            json["corsConfiguration"] = corsJson;
        }

        return json;
    }

    public static JsonObject Route(RouteState route)
    {
        var json = new JsonObject
        {
            ["routeId"] = route.RouteId,
            ["routeKey"] = route.RouteKey,
            ["authorizationType"] = route.AuthorizationType,
            ["apiKeyRequired"] = route.ApiKeyRequired,
            ["apiGatewayManaged"] = false,
        };
        if (route.Target is not null)
        {
            json["target"] = route.Target;
        }

        if (route.AuthorizerId is not null)
        {
            json["authorizerId"] = route.AuthorizerId;
        }

        if (route.AuthorizationScopes.Count > 0)
        {
            json["authorizationScopes"] = Array(route.AuthorizationScopes);
        }

        if (route.OperationName is not null)
        {
            json["operationName"] = route.OperationName;
        }

        return json;
    }

    public static JsonObject Authorizer(AuthorizerState authorizer)
    {
        var json = new JsonObject
        {
            ["authorizerId"] = authorizer.AuthorizerId,
            ["name"] = authorizer.Name,
            ["authorizerType"] = authorizer.AuthorizerType,
            ["identitySource"] = Array(authorizer.IdentitySource),
        };
        if (authorizer.AuthorizerType == "JWT")
        {
            json["jwtConfiguration"] = new JsonObject
            {
                ["issuer"] = authorizer.Issuer,
                ["audience"] = Array(authorizer.Audience),
            };
        }

        return json;
    }

    public static JsonObject Integration(IntegrationState integration)
    {
        var json = new JsonObject
        {
            ["integrationId"] = integration.IntegrationId,
            ["integrationType"] = integration.IntegrationType,
            ["connectionType"] = integration.ConnectionType,
            ["payloadFormatVersion"] = integration.PayloadFormatVersion,
            ["timeoutInMillis"] = integration.TimeoutInMillis,
            ["apiGatewayManaged"] = false,
        };
        if (integration.IntegrationUri is not null)
        {
            json["integrationUri"] = integration.IntegrationUri;
        }

        if (integration.IntegrationMethod is not null)
        {
            json["integrationMethod"] = integration.IntegrationMethod;
        }

        if (integration.Description is not null)
        {
            json["description"] = integration.Description;
        }

        return json;
    }

    public static JsonObject Stage(StageState stage)
    {
        var json = new JsonObject
        {
            ["stageName"] = stage.StageName,
            ["autoDeploy"] = stage.AutoDeploy,
            ["createdDate"] = Iso(stage.CreatedAt),
            ["lastUpdatedDate"] = Iso(stage.LastUpdatedAt),
            ["defaultRouteSettings"] = new JsonObject { ["detailedMetricsEnabled"] = false },
            ["routeSettings"] = new JsonObject(),
            ["stageVariables"] = new JsonObject(),
            ["tags"] = Map(stage.Tags),
            ["apiGatewayManaged"] = false,
        };
        if (stage.Description is not null)
        {
            json["description"] = stage.Description;
        }

        return json;
    }
}
