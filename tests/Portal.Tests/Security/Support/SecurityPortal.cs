using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureApi.Portal.Security;
using SecureApi.Portal.Tests.Fakes;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Tests.Security.Support;

/// <summary>
/// The real portal (AddPortal/MapPortal: Sandbox, provisioning, UI, API) on 127.0.0.1:0 with its records in a temporary
/// folder, the Sandbox on a free loopback port, and every log entry captured.
/// </summary>
public sealed partial class SecurityPortal : IAsyncDisposable
{
    /// <summary>The fixed local token of local-mode hosts.</summary>
    public const string LocalToken = "security-tests-local-token-0123456789abcdefghijklm";

    /// <summary>The OIDC client secret of team-mode hosts (must never reach a log).</summary>
    public const string ClientSecret = "team-client-secret-9f8e7d6c5b4a39281706";

    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string _data = Directory.CreateTempSubdirectory("secureapi-security-").FullName;
    private WebApplication? _app;

    public LogCapture Logs { get; } = new();

    /// <summary>Where this portal keeps its records (and, in them, its Data Protection keys).</summary>
    public string DataDirectory => _data;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    public WebApplication App => _app!;

    public static Task<SecurityPortal> StartLocalAsync(IDictionary<string, string?>? settings = null) =>
        StartAsync(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Auth:LocalToken"] = LocalToken });

    /// <summary>A team-mode portal, registered with <paramref name="issuer"/> as its app client (secret, callback and sign-out URLs).</summary>
    public static async Task<SecurityPortal> StartTeamAsync(TestIssuer issuer, IDictionary<string, string?>? settings = null)
    {
        var team = new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Team",
            ["Auth:Oidc:Authority"] = issuer.Issuer,
            ["Auth:Oidc:ClientId"] = TestIssuer.ClientId,
            ["Auth:Oidc:ClientSecret"] = ClientSecret,
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            team[key] = value;
        }

        var portal = await StartAsync(team);
        issuer.ClientSecret = ClientSecret;
        issuer.RegisterPortal(portal.BaseAddress);
        return portal;
    }

    /// <summary>Builds and starts; <paramref name="urls"/> is where the portal is told to listen.</summary>
    public static async Task<SecurityPortal> StartAsync(IDictionary<string, string?> settings, string urls = "http://127.0.0.1:0")
    {
        var portal = new SecurityPortal();
        try
        {
            await portal.StartCoreAsync(settings, urls);
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }

        return portal;
    }

    private async Task StartCoreAsync(IDictionary<string, string?> settings, string urls)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PortalExtensions).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(urls);
        var configuration = new Dictionary<string, string?>
        {
            ["Records:DataDirectory"] = _data,
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Provisioning:QueuePollInterval"] = "00:00:00.250",
            ["Provisioning:DriftCheckEnabled"] = "false",
            // Capture everything: a secret that reaches any category at any level fails the log test.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:System"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            ["Logging:LogLevel:Polly"] = "Trace",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(Logs);
        builder.AddPortal();
        _app = builder.Build();
        _app.MapPortal();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First().TrimEnd('/') + "/");
    }

    /// <summary>A client that does not follow redirects (tests look at them), optionally with a bearer token.</summary>
    public HttpClient Client(string? bearer = null, CookieContainer? cookies = null)
    {
        // Cookies are always kept, as a browser keeps them: the sign-in form needs its antiforgery cookie.
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>
    /// The sign-in links printed so far (local mode), oldest first: the first one carries the local token and goes to
    /// the terminal only (the log says it was printed), the later ones are logged.
    /// </summary>
    public IReadOnlyList<string> SignInLinks
    {
        get
        {
            var logged = Logs.Entries.Select(e => SignInLink().Match(e.Values)).Where(m => m.Success).Select(m => m.Groups[1].Value);
            return Logs.Entries.Any(e => e.Message.StartsWith("The first sign-in link was printed on the terminal", StringComparison.Ordinal))
                ? [Services.GetRequiredService<LocalSignIn>().LinkFor(Services.GetRequiredService<LocalApiToken>().Value), .. logged]
                : [.. logged];
        }
    }

    /// <summary>Waits for the newest printed link that has not been handed out yet.</summary>
    public async Task<string> NextSignInLinkAsync(int alreadyUsed)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (SignInLinks.Count <= alreadyUsed)
        {
            Assert.True(DateTime.UtcNow < deadline, "No new sign-in link was printed.");
            await Task.Delay(50);
        }

        return SignInLinks[alreadyUsed];
    }

    /// <summary>What a browser does with a link: opens the sign-in page, whose script posts the token after '#'.</summary>
    public static Task<HttpResponseMessage> OpenSignInLinkAsync(HttpClient client, string link, Action<HttpRequestMessage>? decorate = null)
    {
        var fragment = new Uri(link).Fragment;
        Assert.StartsWith("#token=", fragment, StringComparison.Ordinal);
        return PostSignInAsync(client, Uri.UnescapeDataString(fragment["#token=".Length..]), decorate);
    }

    /// <summary>The sign-in page's form sent with <paramref name="token"/> (and the page's antiforgery token).</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string token, Action<HttpRequestMessage>? decorate = null)
    {
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/signin");
        decorate?.Invoke(pageRequest);
        var page = await (await client.SendAsync(pageRequest)).Content.ReadAsStringAsync();
        var antiforgery = AntiforgeryField().Match(page);
        Assert.True(antiforgery.Success, "The sign-in page has no antiforgery token:\n" + page);
        var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", System.Net.WebUtility.HtmlDecode(antiforgery.Groups[1].Value)),
                new("token", token),
            ]),
        };
        decorate?.Invoke(post);
        return await client.SendAsync(post);
    }

    /// <summary>A browser-like client signed in with the next one-time link (cookie).</summary>
    public async Task<HttpClient> SignedInBrowserAsync()
    {
        var link = await NextSignInLinkAsync(SignInLinks.Count - 1);
        var client = Client(cookies: new CookieContainer());
        var response = await OpenSignInLinkAsync(client, link);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>An Active deployment owned by <paramref name="ownerId"/>, written straight to the records.</summary>
    public async Task<Guid> SeedAsync(string ownerId, string ownerName, string name = "seeded-api")
    {
        var factory = Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var deployment = new Deployment
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Region = "us-east-1",
            SpecJson = JsonSerializer.Serialize(SampleDeployments.Spec(name), SpecJson),
            OwnerId = ownerId,
            OwnerName = ownerName,
            State = DeploymentState.Active,
            CreatedAt = now,
            UpdatedAt = now,
            CompletedAt = now,
            InvokeUrl = "https://seeded.execute-api.us-east-1.amazonaws.com",
            RouteKeys = "GET /users/{userId}",
        };
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync();
        return deployment.Id;
    }

    /// <summary>The whole audit trail, oldest first, straight from the records.</summary>
    public async Task<List<AuditEntry>> AuditTrailAsync()
    {
        var factory = Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            try
            {
                await _app.StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Never started (a refused start): nothing to stop.
            }

            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"SignInLink=([^;\s]+)")]
    private static partial Regex SignInLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
