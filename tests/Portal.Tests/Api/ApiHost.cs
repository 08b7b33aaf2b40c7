using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using SecureApi.Portal.Api;
using SecureApi.Portal.Security;
using SecureApi.Provisioning;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Tests.Engine.Fakes;

namespace SecureApi.Portal.Tests.Api;

/// <summary>A minimal real web app on 127.0.0.1:0 with the provisioning registration and the deployments API.</summary>
public sealed class ApiHost : IAsyncLifetime
{
    private WebApplication? _app;
    private readonly string _data = Directory.CreateTempSubdirectory("secureapi-api-").FullName;

    /// <summary>The fixed Auth:LocalToken the client sends as its bearer token.</summary>
    public const string LocalToken = "api-tests-local-token-0123456789abcdefghijklmnop";

    public FakeAws Aws { get; } = new();
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _data, EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Records:DataDirectory"] = _data,
            ["Provisioning:QueuePollInterval"] = "00:00:00.250",
            ["Provisioning:DriftCheckEnabled"] = "false",
            ["Auth:LocalToken"] = LocalToken,
            // The in-memory AWS stand-in has no data plane to call.
            ["Verification:VerifyAfterCreate"] = "false",
        });
        builder.AddProvisioning();
        builder.AddPortalSecurity();
        builder.Services.AddSingleton<IAwsClients>(Aws);
        _app = builder.Build();
        _app.UsePortalSecurity();
        _app.MapDeploymentsApi();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Scripts call the API with the local token, as a user's automation would.
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LocalToken);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
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
}
