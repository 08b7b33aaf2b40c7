using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureApi.Sandbox;
using SecureApi.Sandbox.DataPlane;
using SecureApi.Sandbox.State;

namespace SecureApi.Bench.Gateway;

/// <summary>
/// Requests/s and p50/p99 latency through the Sandbox gateway, for a JWT-protected route and an unprotected one, in the
/// same run against the same loopback host (both forward to the built-in echo target).
/// Usage: <c>dotnet run -c Release --project bench/GatewayBench -- [--requests N] [--concurrency C]</c>.
/// </summary>
public static class Program
{
    private const string PoolId = "us-east-1_Bench0001";
    private const string ClientId = "benchclient000000000000000";

    public static async Task Main(string[] args)
    {
        var requests = IntArg(args, "--requests", 5000);
        var concurrency = IntArg(args, "--concurrency", 8);
        var state = new SandboxState();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state).AddSingleton(new SandboxOptions()).AddSandboxDataPlane();
        await using var app = builder.Build();
        app.MapSandboxDataPlane();
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

        Seed(state, baseUrl);
        var token = SignIn(app.Services.GetRequiredService<CognitoAuthFlows>());

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false });
        var api = $"{baseUrl}execute-api/benchapi01";
        var scenarios = new (string Name, string Path, string? Token)[]
        {
            ("unprotected (NONE)", "/open/101", null),
            ("JWT-protected", "/secure/101", token),
        };

        Console.WriteLine($"Gateway benchmark: {requests} requests per scenario, concurrency {concurrency}, loopback, .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        foreach (var (_, path, bearer) in scenarios)
        {
            await RunAsync(http, api + path, bearer, Math.Max(200, requests / 10), concurrency);
        }

        Console.WriteLine();
        Console.WriteLine($"| {"Route",-20} | {"Requests",8} | {"Errors",6} | {"Req/s",8} | {"p50 ms",7} | {"p99 ms",7} |");
        Console.WriteLine($"|{new string('-', 22)}|{new string('-', 10)}|{new string('-', 8)}|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 9)}|");
        foreach (var (name, path, bearer) in scenarios)
        {
            var result = await RunAsync(http, api + path, bearer, requests, concurrency);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name,-20} | {requests,8} | {result.Errors,6} | {result.RequestsPerSecond,8:F0} | {result.P50Ms,7:F2} | {result.P99Ms,7:F2} |"));
        }

        await app.StopAsync();
    }

    private sealed record Result(int Errors, double RequestsPerSecond, double P50Ms, double P99Ms);

    private static async Task<Result> RunAsync(HttpClient http, string url, string? token, int requests, int concurrency)
    {
        var latencies = new double[requests];
        var next = -1;
        var errors = 0;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        total.Stop();
        Array.Sort(latencies);
        return new Result(errors, requests / total.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string SignIn(CognitoAuthFlows flows)
    {
        var response = flows.InitiateAuth(JsonSerializer.SerializeToElement(new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "bench", ["PASSWORD"] = "Bench-Pass-1" },
        }));
        return response["AuthenticationResult"]!["AccessToken"]!.GetValue<string>();
    }

    private static void Seed(SandboxState state, string baseUrl)
    {
        var pool = new PoolState { Id = PoolId, Name = "bench", Region = "us-east-1", Arn = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/" + PoolId };
        pool.Clients[ClientId] = new ClientState { ClientId = ClientId, ClientName = "bench", UserPoolId = PoolId, ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] };
        pool.Users["bench"] = new UserState { Username = "bench", Sub = Guid.NewGuid().ToString(), Status = "CONFIRMED", Password = "Bench-Pass-1" };

        var api = new ApiState { ApiId = "benchapi01", Name = "bench", Region = "us-east-1", ApiEndpoint = $"{baseUrl}execute-api/benchapi01" };
        api.Stages["$default"] = new StageState { StageName = "$default", AutoDeploy = true };
        api.Authorizers["a1"] = new AuthorizerState
        {
            AuthorizerId = "a1", Name = "cognito", IdentitySource = ["$request.header.Authorization"],
            Issuer = $"https://cognito-idp.us-east-1.amazonaws.com/{PoolId}", Audience = [ClientId],
        };
        api.Integrations["echo"] = new IntegrationState { IntegrationId = "echo", IntegrationType = "HTTP_PROXY", IntegrationUri = $"{baseUrl}_sandbox/echo/users/{{id}}", IntegrationMethod = "GET" };
        api.Routes["r1"] = new RouteState { RouteId = "r1", RouteKey = "GET /secure/{id}", Target = "integrations/echo", AuthorizationType = "JWT", AuthorizerId = "a1" };
        api.Routes["r2"] = new RouteState { RouteId = "r2", RouteKey = "GET /open/{id}", Target = "integrations/echo" };

        lock (state.Gate)
        {
            state.Pools[PoolId] = pool;
            state.Apis[api.ApiId] = api;
        }
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
