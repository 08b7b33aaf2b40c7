using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureApi.Portal.Tests.Fakes;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Tests;

/// <summary>
/// The two extension methods the lead wires into Program.cs, on a real Kestrel host on loopback: pages render on the
/// server (first paint before the circuit connects) with the mode banner and the service's data.
/// </summary>
public sealed class PortalUiHostTests : IAsyncLifetime
{
    private const string LocalToken = "ui-host-tests-local-token-0123456789abcdefghijk";

    private readonly FakeDeployments _fake = new();
    private WebApplication? _app;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PortalUiExtensions).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:Url"] = "http://127.0.0.1:4566",
            ["Auth:LocalToken"] = LocalToken,
        });
        builder.Services.AddSingleton<IDeploymentService>(_fake);
        builder.Services.AddSingleton<IDeploymentEvents>(_fake);
        builder.Services.AddSingleton<IAuditLog>(new RecordingAuditLog());
        builder.Services.AddSingleton<SecureApi.Provisioning.Verification.IVerificationService>(new FakeVerification());
        builder.AddPortalUi();
        _app = builder.Build();
        _app.MapPortalUi();
        await _app.StartAsync();
        // Signed in as the local Admin with the local token (pages accept it as a bearer token too).
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LocalToken);
    }

    [Fact]
    public async Task Dashboard_RendersOnTheServerWithTheSandboxBannerAndTheDeployments()
    {
        _fake.Put(SampleDeployments.Active("<b>users-api</b>"));

        var html = await _client!.GetStringAsync("/");

        Assert.Contains("SANDBOX", html);
        Assert.Contains("&lt;b&gt;users-api&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>users-api</b>", html);
    }

    [Fact]
    public async Task Setup_RendersTheFirstStepWithItsDefaults()
    {
        var html = await _client!.GetStringAsync("/setup");

        Assert.Contains("1. Your API", html);
        Assert.Contains("value=\"users-api\"", html);
    }

    [Fact]
    public async Task UnknownPath_AnswersNotFound()
    {
        var response = await _client!.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
