using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureApi.Portal;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Bench.Dashboard;

/// <summary>
/// Server render time of the dashboard's first page (GET /, the HTML a browser gets before the circuit connects) with
/// 10 and with 10,000 deployments in the SQLite record store, in one run. The whole portal is hosted in-process on
/// loopback (Sandbox on, worker idle: no deployment is queued and drift checks are off).
/// Usage: <c>dotnet run -c Release --project bench/DashboardBench -- [--iterations N] [--warmup W] [--sizes 10,10000]</c>.
/// </summary>
public static partial class Program
{
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
    private static readonly string[] Owners = ["Ana Souza", "Kenji Mori", "Priya Nair", "Lukas Weber", "Local admin"];

    // Mostly live deployments, some history: the default view hides Deleted ones, so the count query filters.
    private static readonly DeploymentState[] States =
    [
        DeploymentState.Active, DeploymentState.Active, DeploymentState.Active, DeploymentState.Active, DeploymentState.Active,
        DeploymentState.Active, DeploymentState.Drifted, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Deleted,
    ];

    public static async Task Main(string[] args)
    {
        var iterations = IntArg(args, "--iterations", 200);
        var warmup = IntArg(args, "--warmup", 30);
        var sizes = (ArgValue(args, "--sizes") ?? "10,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        Console.WriteLine($"Dashboard first-page server render (GET /): {warmup} warm-up + {iterations} measured requests per size, one at a time, loopback, SQLite, .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        var results = new List<(int Size, Measurement Result)>();
        foreach (var size in sizes)
        {
            results.Add((size, await MeasureAsync(size, warmup, iterations)));
        }

        Console.WriteLine();
        Console.WriteLine($"| {"Deployments",11} | {"Rows on page",12} | {"Requests",8} | {"median ms",9} | {"p95 ms",8} | {"max ms",8} | {"HTML KB",7} |");
        Console.WriteLine($"|{new string('-', 13)}|{new string('-', 14)}|{new string('-', 10)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 9)}|");
        foreach (var (size, r) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size,11:N0} | {r.RowsOnPage,12} | {iterations,8} | {r.MedianMs,9:F2} | {r.P95Ms,8:F2} | {r.MaxMs,8:F2} | {r.HtmlBytes / 1024.0,7:F1} |"));
        }
    }

    /// <summary>A per-run random local token (32+ characters, as the portal requires).</summary>
    private static readonly string BenchToken = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private sealed record Measurement(int RowsOnPage, double MedianMs, double P95Ms, double MaxMs, int HtmlBytes);

    private static async Task<Measurement> MeasureAsync(int size, int warmup, int iterations)
    {
        var data = Directory.CreateTempSubdirectory("secureapi-dashboard-bench-").FullName;
        try
        {
            await using var app = BuildPortal(data);
            await app.StartAsync();
            var seeding = Stopwatch.StartNew();
            await SeedAsync(app.Services, size);
            Console.WriteLine($"  {size:N0} deployments seeded in {seeding.Elapsed.TotalSeconds:F1} s");

            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
            // Signed in as the local Admin: every page needs a signed-in person (the bearer token works on pages too).
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BenchToken);
            var html = await http.GetStringAsync("/");
            var rows = DeploymentLink().Matches(html).Count;
            // The default view hides Deleted deployments and shows 25 a page: check the grid really rendered them.
            var expectedRows = Math.Min(25, Enumerable.Range(0, size).Count(i => States[i % States.Length] != DeploymentState.Deleted));
            if (rows != expectedRows)
            {
                throw new InvalidOperationException($"The dashboard rendered {rows} deployment rows for {size} deployments, not {expectedRows}; the benchmark would not measure the grid.");
            }

            for (var i = 0; i < warmup; i++)
            {
                await http.GetStringAsync("/");
            }

            var latencies = new double[iterations];
            for (var i = 0; i < iterations; i++)
            {
                var started = Stopwatch.GetTimestamp();
                html = await http.GetStringAsync("/");
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            Array.Sort(latencies);
            await app.StopAsync();
            return new Measurement(rows, Percentile(latencies, 0.50), Percentile(latencies, 0.95), latencies[^1], html.Length);
        }
        finally
        {
            SqliteCleanup();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private static WebApplication BuildPortal(string dataDirectory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The portal's own name, so its static web assets manifest and components are found as in `dotnet run`.
            ApplicationName = typeof(PortalExtensions).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Over the portal's appsettings.json (copied with the reference): a free loopback port, not 5080.
            ["Urls"] = "http://127.0.0.1:0",
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:Url"] = "http://127.0.0.1:0",
            ["Records:Provider"] = "Sqlite",
            ["Records:DataDirectory"] = dataDirectory,
            ["Provisioning:DriftCheckEnabled"] = "false",
            ["Auth:LocalToken"] = BenchToken,
        });
        builder.AddPortal();
        var app = builder.Build();
        app.MapPortal();
        return app;
    }

    /// <summary>Rows written straight into the record store, as finished deployments (nothing for the worker to do).</summary>
    private static async Task SeedAsync(IServiceProvider services, int size)
    {
        var factory = services.GetRequiredService<IDbContextFactory<RecordsDbContext>>();
        var start = DateTimeOffset.UtcNow.AddDays(-400);
        const int batch = 1000;
        for (var offset = 0; offset < size; offset += batch)
        {
            await using var db = await factory.CreateDbContextAsync();
            for (var i = offset; i < Math.Min(size, offset + batch); i++)
            {
                db.Deployments.Add(Deployment(i, start.AddMinutes(i * 37)));
            }

            await db.SaveChangesAsync();
        }
    }

    private static Deployment Deployment(int i, DateTimeOffset createdAt)
    {
        var region = Regions[i % Regions.Length];
        var state = States[i % States.Length];
        var apiId = $"a{i:D9}";
        var poolId = $"{region}_Pool{i:D6}";
        var live = state is DeploymentState.Active or DeploymentState.Drifted;
        return new Deployment
        {
            Id = Guid.NewGuid(),
            Name = $"orders-api-{i:D5}",
            Region = region,
            SpecJson = "{}",
            OwnerId = $"owner-{i % Owners.Length}",
            OwnerName = Owners[i % Owners.Length],
            State = state,
            CreatedAt = createdAt,
            StartedAt = createdAt,
            CompletedAt = createdAt.AddSeconds(4),
            UpdatedAt = createdAt.AddSeconds(4),
            InvokeUrl = live ? $"https://{apiId}.execute-api.{region}.amazonaws.com" : null,
            Issuer = live ? $"https://cognito-idp.{region}.amazonaws.com/{poolId}" : null,
            Audience = live ? $"client{i:D20}" : null,
            UserPoolId = poolId,
            RouteKeys = "GET /orders/{orderId}\nPOST /orders",
            Error = state is DeploymentState.Failed or DeploymentState.RolledBack ? "Create route POST /orders (JWT) failed: AWS answered BadRequestException (400)" : null,
            LastVerifiedAt = live && i % 3 == 0 ? createdAt.AddMinutes(5) : null,
            LastVerificationOutcome = live && i % 3 == 0 ? "Pass" : null,
            Version = Guid.NewGuid(),
        };
    }

    // SQLite keeps pooled connections (and so the file) open; clear them so the temp folder can go.
    private static void SqliteCleanup() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string? ArgValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        int.TryParse(ArgValue(args, name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [GeneratedRegex("""<a href="/deployments/[0-9a-f-]{36}">""")]
    private static partial Regex DeploymentLink();
}
