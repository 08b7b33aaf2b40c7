using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>
/// One test's view of "AWS": the product's clients from <c>AddAwsClients</c> aimed at an <see cref="AwsTestEndpoint"/>,
/// plus a clean-up list. Everything a test creates through the Create… helpers here is deleted again on dispose (the
/// newest first), so the same tests can run against a shared or a real endpoint without leaving anything behind.
/// </summary>
public sealed class RoundTripSession : IAsyncDisposable
{
    public const string TestPassword = "Rt-Passw0rd!x";

    private readonly ServiceProvider _services;
    private readonly Stack<Func<Task>> _cleanups = new();

    public RoundTripSession(AwsTestEndpoint endpoint, Action<AwsClientOptions>? configure = null)
    {
        Endpoint = endpoint;
        _services = endpoint.CreateServices(configure, services => services.AddSingleton<IAwsCallListener>(Calls));
        Region = endpoint.Settings.Region;
    }

    public AwsTestEndpoint Endpoint { get; }

    /// <summary>Every call the clients finished, in order (a listener registered like any product listener).</summary>
    public AwsCallLog Calls { get; } = new();

    public string Region { get; }

    public ICognitoClient Cognito => _services.GetRequiredService<IAwsClients>().Cognito(Region);

    public IHttpApiClient HttpApi => _services.GetRequiredService<IAwsClients>().HttpApi(Region);

    /// <summary>A name no other test (or earlier run) uses: <c>rt-{what}-{8 hex}</c>.</summary>
    public static string UniqueName(string what) => $"rt-{what}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>What the product's call recorder saw for this exact request instance (attempts, status, request id).</summary>
    public AwsCall CallOf(object request) =>
        _services.GetRequiredService<AwsCallRecorder>().TryGetCall(request, out var call)
            ? call
            : throw new InvalidOperationException($"No AWS call was recorded for {request.GetType().Name}.");

    public async Task<UserPoolType> CreatePoolAsync(string? name = null, Dictionary<string, string>? tags = null)
    {
        var response = await Cognito.CreateUserPoolAsync(new CreateUserPoolRequest { PoolName = name ?? UniqueName("pool"), UserPoolTags = tags });
        var pool = response.UserPool!;
        DeleteOnDispose(() => Cognito.DeleteUserPoolAsync(new DeleteUserPoolRequest { UserPoolId = pool.Id! }));
        return pool;
    }

    /// <summary>An app client without a secret that allows both password flows (admin and user) and refresh.</summary>
    public async Task<UserPoolClientType> CreatePasswordClientAsync(string poolId)
    {
        var response = await Cognito.CreateUserPoolClientAsync(new CreateUserPoolClientRequest
        {
            UserPoolId = poolId,
            ClientName = UniqueName("client"),
            GenerateSecret = false,
            ExplicitAuthFlows = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        });
        // Deleting the pool removes its clients too; the explicit delete keeps the clean-up right if a test keeps the pool.
        var client = response.UserPoolClient!;
        DeleteOnDispose(() => Cognito.DeleteUserPoolClientAsync(new DeleteUserPoolClientRequest { UserPoolId = poolId, ClientId = client.ClientId! }));
        return client;
    }

    /// <summary>A confirmed user with <see cref="TestPassword"/> as permanent password.</summary>
    public async Task<string> CreateConfirmedUserAsync(string poolId)
    {
        var username = UniqueName("user");
        await Cognito.AdminCreateUserAsync(new AdminCreateUserRequest { UserPoolId = poolId, Username = username, MessageAction = "SUPPRESS" });
        DeleteOnDispose(() => Cognito.AdminDeleteUserAsync(new AdminDeleteUserRequest { UserPoolId = poolId, Username = username }));
        await Cognito.AdminSetUserPasswordAsync(new AdminSetUserPasswordRequest
        {
            UserPoolId = poolId, Username = username, Password = TestPassword, Permanent = true,
        });
        return username;
    }

    public async Task<Api> CreateApiAsync(string? name = null, Dictionary<string, string>? tags = null)
    {
        var api = await HttpApi.CreateApiAsync(new CreateApiRequest { Name = name ?? UniqueName("api"), Tags = tags });
        DeleteOnDispose(() => HttpApi.DeleteApiAsync(new DeleteApiRequest { ApiId = api.ApiId! }));
        return api;
    }

    /// <summary>An HTTP_PROXY integration to a loopback URL (never called: these tests stay on the control plane).</summary>
    public async Task<Integration> CreateIntegrationAsync(string apiId, string path = "/backend") =>
        await HttpApi.CreateIntegrationAsync(new CreateIntegrationRequest
        {
            ApiId = apiId,
            IntegrationType = "HTTP_PROXY",
            IntegrationUri = "http://127.0.0.1:9" + path,
            IntegrationMethod = "ANY",
            PayloadFormatVersion = "1.0",
        });

    public async Task<Authorizer> CreateJwtAuthorizerAsync(string apiId, string name, string audience = "rt-audience") =>
        await HttpApi.CreateAuthorizerAsync(new CreateAuthorizerRequest
        {
            ApiId = apiId,
            Name = name,
            IdentitySource = ["$request.header.Authorization"],
            JwtConfiguration = new JWTConfiguration
            {
                Issuer = $"https://cognito-idp.{Region}.amazonaws.com/{Region}_RoundTrip",
                Audience = [audience],
            },
        });

    /// <summary>Runs at dispose, before the clients go; a resource already gone (deleted by the test) is fine.</summary>
    public void DeleteOnDispose(Func<Task> delete) => _cleanups.Push(delete);

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        while (_cleanups.TryPop(out var delete))
        {
            try
            {
                await delete();
            }
            catch (AwsServiceException error) when (error.IsNotFound)
            {
                // The test deleted it itself (or a cascade did): nothing left to clean.
            }
            catch (Exception error)
            {
                failures.Add(error);
            }
        }

        await _services.DisposeAsync();
        if (failures.Count > 0)
        {
            throw new AggregateException("Clean-up of round-trip resources failed.", failures);
        }
    }
}

/// <summary>Keeps every <see cref="AwsCall"/> the clients report.</summary>
public sealed class AwsCallLog : IAwsCallListener
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<AwsCall> _calls = new();

    public void OnCallCompleted(object request, AwsCall call) => _calls.Enqueue(call);

    public IReadOnlyList<AwsCall> Of(string operation) => _calls.Where(call => call.Operation == operation).ToList();
}
