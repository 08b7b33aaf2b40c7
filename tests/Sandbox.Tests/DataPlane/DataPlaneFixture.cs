using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Sandbox.DataPlane;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.Tests.DataPlane;

[CollectionDefinition(Name)]
public sealed class DataPlaneCollection : ICollectionFixture<DataPlaneFixture>
{
    public const string Name = "data plane over loopback";
}

/// <summary>
/// The Sandbox data plane on a loopback host, with state seeded the way the walkthrough leaves it: a pool with clients
/// and users, a second pool, and an HTTP API whose routes forward to the Sandbox's own echo target.
/// </summary>
public sealed class DataPlaneFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string PoolId = "us-east-1_Abc123Def";
    public const string OtherPoolId = "eu-west-1_Xyz987Uvw";
    public const string ClientId = "clienta1b2c3d4e5f6g7h8i9j0";
    public const string OtherClientId = "clientzzzzzzzzzzzzzzzzzzzz";
    public const string SrpOnlyClientId = "clientsrponlysrponlysrponl";
    public const string SecretClientId = "clientsecretsecretsecretse";
    public const string ClientSecret = "s3cr3t-value-for-tests";
    public const string OtherPoolClientId = "clientotherpoolotherpoolot";
    public const string Username = "alice";
    public const string Password = "Correct-Horse-9";
    public const string ApiId = "abc123defg";
    public const string UndeployedApiId = "nostage001";
    public const string DefaultRouteApiId = "dflt000001";
    public const string ExternalAudience = "external-api";
    public const string AllowedOrigin = "https://app.example.com";

    private readonly ExternalIssuer _external = new();
    private LoopbackHost? _host;

    public SandboxState State { get; } = new();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(90) };

    public string SandboxUrl => _host!.BaseUrl;

    public string ApiEndpoint => $"{SandboxUrl}execute-api/{ApiId}";

    internal ExternalIssuer External => _external;

    public IServiceProvider Services => _host!.Services;

    public CognitoAuthFlows AuthFlows => Services.GetRequiredService<CognitoAuthFlows>();

    public async Task InitializeAsync()
    {
        await _external.StartAsync();
        _host = await LoopbackHost.StartAsync(
            services => services.AddSingleton(State).AddSingleton(new SandboxOptions()).AddSandboxDataPlane(),
            app => app.MapSandboxDataPlane());
        Seed();

        // The gateway gives an issuer's discovery and JWKS 1.5 s each, as AWS does; warm the external host up first so a
        // cold JIT on a busy machine is not mistaken for an unreachable issuer.
        await Http.GetStringAsync($"{_external.BaseUrl}.well-known/openid-configuration");
        await Http.GetStringAsync($"{_external.BaseUrl}keys");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _external.DisposeAsync();
    }

    /// <summary>Signs in through the Sandbox's own Cognito (USER_PASSWORD_AUTH) and returns the AuthenticationResult.</summary>
    public JsonObject SignIn(string clientId = ClientId, string username = Username, string password = Password)
    {
        var response = AuthFlows.InitiateAuth(Json(new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = clientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
        }));
        return response["AuthenticationResult"]!.AsObject();
    }

    public string AccessToken(string clientId = ClientId) => SignIn(clientId)["AccessToken"]!.GetValue<string>();

    public string IdToken(string clientId = ClientId) => SignIn(clientId)["IdToken"]!.GetValue<string>();

    public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private void Seed()
    {
        var now = DateTimeOffset.UtcNow;
        var passwordFlows = new List<string> { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" };
        var pool = Pool(PoolId, Region);
        pool.Clients[ClientId] = Client(ClientId, PoolId, passwordFlows);
        pool.Clients[OtherClientId] = Client(OtherClientId, PoolId, passwordFlows);
        pool.Clients[SrpOnlyClientId] = Client(SrpOnlyClientId, PoolId, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        var secretClient = Client(SecretClientId, PoolId, passwordFlows);
        secretClient.ClientSecret = ClientSecret;
        pool.Clients[SecretClientId] = secretClient;
        pool.Users[Username] = User(Username, "CONFIRMED", Password, ("email", "alice@example.com"), ("email_verified", "true"), ("phone_number", "+15555550100"));
        pool.Users["newbie"] = User("newbie", "FORCE_CHANGE_PASSWORD", "Temp-Pass-1", ("email", "newbie@example.com"));
        var disabled = User("mallory", "CONFIRMED", Password);
        disabled.Enabled = false;
        pool.Users["mallory"] = disabled;

        var otherPool = Pool(OtherPoolId, "eu-west-1");
        otherPool.Clients[OtherPoolClientId] = Client(OtherPoolClientId, OtherPoolId, passwordFlows);
        otherPool.Users[Username] = User(Username, "CONFIRMED", Password);

        var api = new ApiState { ApiId = ApiId, Name = "orders", Region = Region, ApiEndpoint = ApiEndpoint, CreatedAt = now };
        api.Stages["$default"] = new StageState { StageName = "$default", AutoDeploy = true, CreatedAt = now };
        api.Cors = new CorsState
        {
            AllowOrigins = [AllowedOrigin],
            AllowMethods = ["GET", "POST"],
            AllowHeaders = ["authorization", "content-type"],
            ExposeHeaders = ["x-request-id"],
            MaxAge = 300,
        };
        api.Authorizers["auth1"] = new AuthorizerState
        {
            AuthorizerId = "auth1", Name = "cognito", IdentitySource = ["$request.header.Authorization"],
            Issuer = $"https://cognito-idp.{Region}.amazonaws.com/{PoolId}", Audience = [ClientId],
        };
        api.Authorizers["authq"] = new AuthorizerState
        {
            AuthorizerId = "authq", Name = "cognito-query", IdentitySource = ["$request.querystring.access_token"],
            Issuer = $"https://cognito-idp.{Region}.amazonaws.com/{PoolId}", Audience = [ClientId],
        };
        api.Authorizers["authx"] = new AuthorizerState
        {
            AuthorizerId = "authx", Name = "external", IdentitySource = ["$request.header.Authorization"],
            Issuer = _external.Issuer, Audience = [ExternalAudience],
        };
        api.Integrations["echo-user"] = Integration("echo-user", $"{SandboxUrl}_sandbox/echo/users/{{userId}}", "GET");
        api.Integrations["echo-any"] = Integration("echo-any", $"{SandboxUrl}_sandbox/echo/files/{{proxy}}", "ANY");
        api.Integrations["echo-root"] = Integration("echo-root", $"{SandboxUrl}_sandbox/echo/fixed", "ANY");
        api.Integrations["dead"] = Integration("dead", $"http://127.0.0.1:{ClosedPort()}/nothing", "ANY");
        var slow = Integration("slow", $"{_external.BaseUrl}slow", "GET");
        slow.TimeoutInMillis = 500;
        api.Integrations["slow"] = slow;

        Route(api, "GET /users/{userId}", "echo-user", "auth1");
        Route(api, "GET /users/me", "echo-root", "auth1");
        Route(api, "ANY /users/{userId}", "echo-root", null);
        Route(api, "GET /orders", "echo-root", "auth1", "orders/read");
        Route(api, "GET /profile", "echo-root", "auth1", "aws.cognito.signin.user.admin");
        Route(api, "GET /by-query", "echo-root", "authq");
        Route(api, "GET /partner", "echo-root", "authx");
        Route(api, "GET /public/{proxy+}", "echo-any", null);
        Route(api, "POST /public/{proxy+}", "echo-any", null);
        Route(api, "GET /down", "dead", null);
        Route(api, "GET /slow", "slow", null);

        var undeployed = new ApiState { ApiId = UndeployedApiId, Name = "manual", Region = Region, ApiEndpoint = $"{SandboxUrl}execute-api/{UndeployedApiId}", CreatedAt = now };
        undeployed.Stages["$default"] = new StageState { StageName = "$default", AutoDeploy = false, CreatedAt = now };
        undeployed.Integrations["echo-root"] = Integration("echo-root", $"{SandboxUrl}_sandbox/echo/fixed", "ANY");
        Route(undeployed, "GET /ping", "echo-root", null);

        var catchAll = new ApiState { ApiId = DefaultRouteApiId, Name = "catch-all", Region = Region, ApiEndpoint = $"{SandboxUrl}execute-api/{DefaultRouteApiId}", CreatedAt = now };
        catchAll.Stages["$default"] = new StageState { StageName = "$default", AutoDeploy = true, CreatedAt = now };
        catchAll.Integrations["echo"] = Integration("echo", $"{SandboxUrl}_sandbox/echo", "ANY");
        Route(catchAll, "$default", "echo", null);

        lock (State.Gate)
        {
            State.Pools[PoolId] = pool;
            State.Pools[OtherPoolId] = otherPool;
            State.Apis[ApiId] = api;
            State.Apis[UndeployedApiId] = undeployed;
            State.Apis[DefaultRouteApiId] = catchAll;
        }

        PoolState Pool(string id, string region) => new()
        {
            Id = id, Name = id, Region = region, Arn = $"arn:aws:cognito-idp:{region}:000000000000:userpool/{id}", CreatedAt = now,
        };

        ClientState Client(string id, string poolId, List<string> flows) => new()
        {
            ClientId = id, ClientName = id, UserPoolId = poolId, ExplicitAuthFlows = flows, CreatedAt = now,
        };

        UserState User(string name, string status, string password, params (string Name, string Value)[] attributes)
        {
            var user = new UserState { Username = name, Sub = Guid.NewGuid().ToString(), Status = status, Password = password, CreatedAt = now };
            foreach (var (attributeName, value) in attributes)
            {
                user.Attributes[attributeName] = value;
            }

            user.Attributes["sub"] = user.Sub;
            return user;
        }

        static IntegrationState Integration(string id, string uri, string method) => new()
        {
            IntegrationId = id, IntegrationType = "HTTP_PROXY", IntegrationUri = uri, IntegrationMethod = method, PayloadFormatVersion = "1.0",
        };

        static void Route(ApiState api, string routeKey, string integrationId, string? authorizerId, params string[] scopes)
        {
            var id = "r" + api.Routes.Count;
            api.Routes[id] = new RouteState
            {
                RouteId = id, RouteKey = routeKey, Target = "integrations/" + integrationId,
                AuthorizationType = authorizerId is null ? "NONE" : "JWT", AuthorizerId = authorizerId, AuthorizationScopes = [.. scopes],
            };
        }
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
