using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SecureApi.Portal.Security;
using SecureApi.Portal.Tests.Security.Support;

namespace SecureApi.Portal.Tests.Security;

/// <summary>Local mode serves this computer only: a non-loopback address is refused before anything listens.</summary>
public sealed class LoopbackTests
{
    [Fact]
    public async Task LocalMode_ToldToListenOnAllInterfaces_RefusesToStart_AndSaysWhy()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SecurityPortal.StartAsync(new Dictionary<string, string?> { ["Auth:LocalToken"] = SecurityPortal.LocalToken }, urls: "http://0.0.0.0:0"));

        Assert.Contains("local mode", refused.Message);
        Assert.Contains("http://0.0.0.0:0", refused.Message);
        Assert.Contains("127.0.0.1", refused.Message);
        Assert.Contains("Auth:Mode=Team", refused.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.10.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("https://[::1]:5443", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("http://portal.example.com:5080", false)]
    public void LoopbackCheck_AcceptsOnlyLoopbackHosts(string url, bool loopback) =>
        Assert.Equal(loopback, LoopbackGuard.IsLoopback(url));

    [Theory]
    [InlineData("urls", "http://127.0.0.1:5080;http://10.1.2.3:5080")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://0.0.0.0:8443")]
    public async Task EverySourceOfListenAddresses_IsChecked_BeforeTheServerBinds(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var guard = new LoopbackGuard(configuration, new NoServer(), NullLogger<LoopbackGuard>.Instance);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => guard.StartingAsync(CancellationToken.None));

        Assert.Contains("loopback", refused.Message);
    }

    private sealed class NoServer : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();
        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public void Dispose()
        {
        }
    }
}
