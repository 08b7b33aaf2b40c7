using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.ApiGateway;

/// <summary>Authorizer and integration operations of an HTTP API. Runs under the state lock.</summary>
internal sealed class AuthorizerOperations(HttpApiOperations apis, SandboxOptions options)
{
    private const int MaxAuthorizers = 10;
    private const int MaxAudiences = 50;
    private const int MaxIntegrations = 300;

    public AwsResponse CreateAuthorizer(ApiGatewayRequest request)
    {
        var api = apis.FindApi(request);
        var body = request.Body;
        var name = body.String("name") ?? throw SandboxAwsError.BadRequest("Invalid input: 'name' is required.");
        if (name.Length is < 1 or > 128)
        {
            throw SandboxAwsError.BadRequest("Invalid authorizer name: must be between 1 and 128 characters.");
        }

        var type = body.String("authorizerType") ?? throw SandboxAwsError.BadRequest("Invalid input: 'authorizerType' is required.");
        var identitySource = body.Strings("identitySource") ?? [];
        var authorizer = new AuthorizerState
        {
            AuthorizerId = AwsIds.Unique(AwsIds.ChildId, api.Authorizers.ContainsKey),
            Name = name,
            AuthorizerType = type,
            IdentitySource = identitySource,
        };
        switch (type)
        {
            case "JWT":
                if (identitySource.Count != 1 || !ApiGatewayRules.IsIdentitySource(identitySource[0]))
                {
                    throw SandboxAwsError.BadRequest("Invalid identitySource: a JWT authorizer takes exactly one entry, $request.header.<name> or $request.querystring.<name>.");
                }

                var jwt = body.Object("jwtConfiguration") ?? throw SandboxAwsError.BadRequest("JwtConfiguration is required for JWT authorizers.");
                var issuer = jwt.String("issuer");
                if (issuer is null || !Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) || issuerUri.Scheme is not ("https" or "http"))
                {
                    throw SandboxAwsError.BadRequest("JwtConfiguration.issuer is required and must be an absolute URL.");
                }

                var audience = jwt.Strings("audience") ?? [];
                if (audience.Count is 0 or > MaxAudiences)
                {
                    throw SandboxAwsError.BadRequest($"JwtConfiguration.audience must have between 1 and {MaxAudiences} entries.");
                }

                authorizer.Issuer = issuer;
                authorizer.Audience = audience;
                break;
            case "REQUEST":
                if (body.String("authorizerUri") is null)
                {
                    throw SandboxAwsError.BadRequest("authorizerUri is required for REQUEST authorizers.");
                }

                break;
            default:
                throw SandboxAwsError.BadRequest($"Invalid authorizerType '{type}': must be JWT or REQUEST.");
        }

        if (api.Authorizers.Count >= MaxAuthorizers)
        {
            throw SandboxAwsError.BadRequest($"Maximum number of Authorizers for this API has been reached ({MaxAuthorizers}).");
        }

        api.Authorizers[authorizer.AuthorizerId] = authorizer;
        return AwsResponse.Created(ApiGatewayJson.Authorizer(authorizer));
    }

    public AwsResponse GetAuthorizers(ApiGatewayRequest request) =>
        AwsResponse.Ok(request.Page(apis.FindApi(request).Authorizers.Values, a => a.AuthorizerId, ApiGatewayJson.Authorizer));

    public AwsResponse GetAuthorizer(ApiGatewayRequest request) => AwsResponse.Ok(ApiGatewayJson.Authorizer(FindAuthorizer(request).Authorizer));

    public AwsResponse DeleteAuthorizer(ApiGatewayRequest request)
    {
        var (api, authorizer) = FindAuthorizer(request);
        var users = api.Routes.Values.Where(r => r.AuthorizerId == authorizer.AuthorizerId).Select(r => r.RouteKey).ToList();
        if (users.Count > 0)
        {
            throw SandboxAwsError.Conflict($"Cannot delete authorizer '{authorizer.AuthorizerId}', is referenced in route: {string.Join(", ", users)}");
        }

        api.Authorizers.Remove(authorizer.AuthorizerId);
        return AwsResponse.NoContent();
    }

    public AwsResponse CreateIntegration(ApiGatewayRequest request)
    {
        var api = apis.FindApi(request);
        var body = request.Body;
        var type = body.String("integrationType") ?? throw SandboxAwsError.BadRequest("Invalid input: 'integrationType' is required.");
        var integration = new IntegrationState
        {
            IntegrationId = AwsIds.Unique(AwsIds.ChildId, api.Integrations.ContainsKey),
            IntegrationType = type,
            IntegrationUri = body.String("integrationUri"),
            IntegrationMethod = body.String("integrationMethod"),
            PayloadFormatVersion = body.String("payloadFormatVersion") ?? "1.0",
            ConnectionType = body.String("connectionType") ?? "INTERNET",
            TimeoutInMillis = body.Int("timeoutInMillis") ?? 30000,
            Description = body.String("description"),
        };

        switch (type)
        {
            case "HTTP_PROXY":
                if (integration.IntegrationUri is null || !Uri.TryCreate(integration.IntegrationUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    throw SandboxAwsError.BadRequest("For HTTP_PROXY integrations, integrationUri must be an absolute http(s) URL.");
                }

                if (integration.IntegrationMethod is null || !ApiGatewayRules.Methods.Contains(integration.IntegrationMethod, StringComparer.Ordinal))
                {
                    throw SandboxAwsError.BadRequest("For HTTP_PROXY integrations, integrationMethod is required (an HTTP method or ANY).");
                }

                if (integration.PayloadFormatVersion != "1.0")
                {
                    throw SandboxAwsError.BadRequest("HTTP_PROXY integrations support payloadFormatVersion 1.0 only.");
                }

                break;
            case "AWS_PROXY":
                if (integration.IntegrationUri is null)
                {
                    throw SandboxAwsError.BadRequest("For AWS_PROXY integrations, integrationUri (a Lambda ARN) is required.");
                }

                break;
            default:
                throw SandboxAwsError.BadRequest($"Integration type '{type}' is not supported for HTTP APIs: use HTTP_PROXY or AWS_PROXY.");
        }

        if (integration.PayloadFormatVersion is not ("1.0" or "2.0"))
        {
            throw SandboxAwsError.BadRequest("payloadFormatVersion must be 1.0 or 2.0.");
        }

        if (integration.ConnectionType is not ("INTERNET" or "VPC_LINK"))
        {
            throw SandboxAwsError.BadRequest("connectionType must be INTERNET or VPC_LINK.");
        }

        if (integration.TimeoutInMillis is < 50 or > 30000)
        {
            throw SandboxAwsError.BadRequest("timeoutInMillis must be between 50 and 30000.");
        }

        if (api.Integrations.Count >= MaxIntegrations)
        {
            throw SandboxAwsError.BadRequest($"An API can have at most {MaxIntegrations} integrations.");
        }

        api.Integrations[integration.IntegrationId] = integration;
        return AwsResponse.Created(ApiGatewayJson.Integration(integration));
    }

    public AwsResponse GetIntegrations(ApiGatewayRequest request) =>
        AwsResponse.Ok(request.Page(apis.FindApi(request).Integrations.Values, i => i.IntegrationId, ApiGatewayJson.Integration));

    public AwsResponse GetIntegration(ApiGatewayRequest request) => AwsResponse.Ok(ApiGatewayJson.Integration(FindIntegration(request).Integration));

    public AwsResponse DeleteIntegration(ApiGatewayRequest request)
    {
        var (api, integration) = FindIntegration(request);
        var target = "integrations/" + integration.IntegrationId;
        var users = api.Routes.Values.Where(r => r.Target == target).Select(r => r.RouteKey).ToList();
        if (users.Count > 0)
        {
            throw SandboxAwsError.Conflict($"Cannot delete integration '{integration.IntegrationId}', is referenced in route: {string.Join(", ", users)}");
        }

        api.Integrations.Remove(integration.IntegrationId);
        return AwsResponse.NoContent();
    }

    private (ApiState Api, AuthorizerState Authorizer) FindAuthorizer(ApiGatewayRequest request)
    {
        var api = apis.FindApi(request);
        return api.Authorizers.TryGetValue(request.ChildId ?? "", out var authorizer)
            ? (api, authorizer)
            : throw SandboxAwsError.NotFound($"Invalid Authorizer identifier specified {options.AccountId}:{api.ApiId}:{request.ChildId}");
    }

    private (ApiState Api, IntegrationState Integration) FindIntegration(ApiGatewayRequest request)
    {
        var api = apis.FindApi(request);
        return api.Integrations.TryGetValue(request.ChildId ?? "", out var integration)
            ? (api, integration)
            : throw SandboxAwsError.NotFound($"Invalid Integration identifier specified {options.AccountId}:{api.ApiId}:{request.ChildId}");
    }
}
