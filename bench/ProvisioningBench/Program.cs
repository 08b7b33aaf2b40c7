// Wall time of the provisioning engine against the Sandbox with an injected per-call latency L, beside the same AWS
// calls made one after another. The clients' rate limiter is on as in production (API Gateway 10/s, burst 40).
// Usage: dotnet run -c Release --project bench/ProvisioningBench [-- <latencyMs>]
using System.Diagnostics;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureApi.Provisioning;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;
using SecureApi.Sandbox;

Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
var latencyMs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50;
const string Region = "us-east-1";
var caller = new Caller("bench", "Bench", CallerRole.Admin);

await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Url = "http://127.0.0.1:0" });
var data = Directory.CreateTempSubdirectory("secureapi-bench-").FullName;
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = data });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Records:DataDirectory"] = data,
    ["Provisioning:DriftCheckEnabled"] = "false",
    // The figures are of provisioning alone; verification has its own cost and is not part of them.
    ["Verification:VerifyAfterCreate"] = "false",
});
builder.AddProvisioning();
// Production rate limits (the defaults); only the endpoint and credentials point at the Sandbox. AddProvisioning
// registered the clients already: configure, do not register twice (that would stack a second limiter and signer).
builder.Services.Configure<AwsClientOptions>(o =>
{
    o.ServiceUrl = sandbox.Endpoint.ToString();
    o.Credentials = new BasicAWSCredentials("test", "test");
    o.Region = Region;
    o.UseEndpointEnvironmentVariables = false;
});
var tally = new CallTally();
builder.Services.AddSingleton<IAwsCallListener>(tally);
using var host = builder.Build();
await host.StartAsync();
var service = host.Services.GetRequiredService<IDeploymentService>();
var aws = host.Services.GetRequiredService<IAwsClients>();

SecureApiSpec Spec(string name, int routes) => new()
{
    Region = Region,
    Api = new ApiSpec { Name = name },
    Routes = [.. Enumerable.Range(0, routes).Select(i => $"GET /r{i}/{{id}}")],
    UserPool = new UserPoolSpec { Name = name + "-users", SignInWith = ["email"] },
    Integration = new IntegrationSpec { Method = "GET", Url = "https://backend.example.com" },
};

var events = host.Services.GetRequiredService<IDeploymentEvents>();

// Waits as a page does: on the deployment's events, not by polling the database (polling every few milliseconds
// competes with the journal's writes on a 2-core machine and would be measured as engine time).
async Task<DeploymentDetails> WaitAsync(Guid id, DeploymentState state)
{
    var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    using var subscription = events.Subscribe(id, change =>
    {
        if (change.State == state || change.State is DeploymentState.Failed or DeploymentState.RolledBack)
        {
            reached.TrySetResult();
        }

        return Task.CompletedTask;
    });
    // The state may have been reached before the subscription: look once, then wait.
    var now = (await service.GetAsync(id, caller))!;
    if (now.State != state && now.State is not (DeploymentState.Failed or DeploymentState.RolledBack))
    {
        await reached.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    var d = (await service.GetAsync(id, caller))!;
    return d.State == state ? d : throw new InvalidOperationException($"{d.State}: {d.Error}");
}

// Full bucket before each measured case, as for an isolated request (burst 40 refills in 4 s at 10/s).
static Task RefillAsync() => Task.Delay(TimeSpan.FromSeconds(4.5));

async Task<(double Create, double Delete)> EngineAsync(int routes)
{
    await RefillAsync();
    var created = await service.CreateAsync(Spec($"bench-{routes}-{Guid.NewGuid():N}"[..20], routes), caller);
    var active = await WaitAsync(created.Id, DeploymentState.Active);
    await RefillAsync();
    await service.DeleteAsync(created.Id, caller);
    var deleted = await WaitAsync(created.Id, DeploymentState.Deleted);
    return ((active.CompletedAt!.Value - active.StartedAt!.Value).TotalMilliseconds,
            (deleted.CompletedAt!.Value - deleted.StartedAt!.Value).TotalMilliseconds);
}

// The same AWS calls, one after another, through the same clients (so the same rate limiter and latency).
async Task<(double Create, double Delete)> SequentialAsync(int routes)
{
    var cognito = aws.Cognito(Region);
    var api = aws.HttpApi(Region);
    await RefillAsync();
    var clock = Stopwatch.StartNew();
    var pool = (await cognito.CreateUserPoolAsync(new CreateUserPoolRequest { PoolName = "seq-users" })).UserPool!.Id!;
    var apiId = (await api.CreateApiAsync(new CreateApiRequest { Name = "seq" })).ApiId!;
    var client = (await cognito.CreateUserPoolClientAsync(new CreateUserPoolClientRequest { UserPoolId = pool, ClientName = "seq-client" })).UserPoolClient!.ClientId!;
    var integration = (await api.CreateIntegrationAsync(new CreateIntegrationRequest
    {
        ApiId = apiId, IntegrationType = "HTTP_PROXY", IntegrationMethod = "GET", IntegrationUri = "https://backend.example.com", PayloadFormatVersion = "1.0",
    })).IntegrationId!;
    await api.CreateStageAsync(new CreateStageRequest { ApiId = apiId, StageName = "$default", AutoDeploy = true });
    var authorizer = (await api.CreateAuthorizerAsync(new CreateAuthorizerRequest
    {
        ApiId = apiId, Name = "jwt", IdentitySource = ["$request.header.Authorization"],
        JwtConfiguration = new JWTConfiguration { Issuer = CognitoIssuer.For(Region, pool), Audience = [client] },
    })).AuthorizerId!;
    for (var i = 0; i < routes; i++)
    {
        await api.CreateRouteAsync(new CreateRouteRequest
        {
            ApiId = apiId, RouteKey = $"GET /r{i}/{{id}}", AuthorizationType = "JWT", AuthorizerId = authorizer, Target = $"integrations/{integration}",
        });
    }

    var create = clock.Elapsed.TotalMilliseconds;
    await RefillAsync();
    clock.Restart();
    await api.DeleteApiAsync(new DeleteApiRequest { ApiId = apiId });
    await cognito.DeleteUserPoolAsync(new DeleteUserPoolRequest { UserPoolId = pool });
    return (create, clock.Elapsed.TotalMilliseconds);
}

// Warm-up (JIT, migrations, connections) without latency; not measured.
await EngineAsync(2);
await SequentialAsync(2);
sandbox.Control.LatencyMs = latencyMs;

var rows = new List<string[]>();
foreach (var routes in new[] { 1, 10, 50 })
{
    var engine = await EngineAsync(routes);
    var sequential = await SequentialAsync(routes);
    string L(double ms) => (ms / latencyMs).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " L";
    string Ms(double ms) => ms.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms";
    var apiGatewayCalls = routes + 4;
    var floorMs = Math.Max(4 * latencyMs, (apiGatewayCalls - 40) / 10.0 * 1000 + latencyMs);
    rows.Add([$"create, {routes} route(s)", Ms(engine.Create), L(engine.Create), Ms(sequential.Create), L(sequential.Create),
        $"{sequential.Create / engine.Create:0.0}x", $"{Ms(floorMs)} ({engine.Create / floorMs:0.00} of floor)"]);
    rows.Add([$"delete, {routes} route(s)", Ms(engine.Delete), L(engine.Delete), Ms(sequential.Delete), L(sequential.Delete),
        $"{sequential.Delete / engine.Delete:0.0}x", ""]);
}

string[] header = ["case", "engine", "engine/L", "sequential", "sequential/L", "speed-up", "floor (4 L or API GW quota)"];
var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
Console.WriteLine($"Per-call latency L = {latencyMs} ms (Sandbox), client rate limits on (API Gateway 10/s burst 40, Cognito 15/s).");
Console.WriteLine(Line(header));
Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
rows.ForEach(r => Console.WriteLine(Line(r)));
Console.WriteLine($"Client calls: {tally.Calls}; requests answered by the Sandbox: {sandbox.Control.TotalCalls} (more = retries); slowest call {tally.SlowestMs:0} ms.");
Console.WriteLine("Per operation (Sandbox): " + string.Join(", ", sandbox.Control.CallCounts().Select(c => $"{c.Key} {c.Value}")));

await host.StopAsync();

/// <summary>Counts client calls and the slowest, so a figure distorted by retries or rate-limit waits shows it.</summary>
internal sealed class CallTally : IAwsCallListener
{
    private int _calls;
    private long _slowestTicks;

    public int Calls => _calls;
    public double SlowestMs => TimeSpan.FromTicks(Interlocked.Read(ref _slowestTicks)).TotalMilliseconds;

    public void OnCallCompleted(object request, AwsCall call)
    {

        Interlocked.Increment(ref _calls);
        long current;
        while (call.Elapsed.Ticks > (current = Interlocked.Read(ref _slowestTicks))
               && Interlocked.CompareExchange(ref _slowestTicks, call.Elapsed.Ticks, current) != current)
        {
        }
    }
}
