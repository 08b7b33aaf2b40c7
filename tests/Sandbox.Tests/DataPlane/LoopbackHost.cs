using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecureApi.Sandbox.Tests.DataPlane;

/// <summary>A real Kestrel app on 127.0.0.1 with a free port, for tests that must cross real HTTP.</summary>
internal sealed class LoopbackHost(WebApplication app, string baseUrl) : IAsyncDisposable
{
    /// <summary>Base URL with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string BaseUrl { get; } = baseUrl;

    public IServiceProvider Services => app.Services;

    public static async Task<LoopbackHost> StartAsync(Action<IServiceCollection> configureServices, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configureServices(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackHost(app, address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
