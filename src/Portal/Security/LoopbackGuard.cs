using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SecureApi.Portal.Security;

/// <summary>
/// Local mode serves the person at this computer only, so the portal must not listen beyond loopback. The configured
/// URLs (<c>Urls</c> / <c>ASPNETCORE_URLS</c> / <c>--urls</c>, <c>HTTP_PORTS</c>, Kestrel endpoints) are checked before
/// the server binds; the bound addresses are checked again once it listens (endpoints set up in code).
/// </summary>
internal sealed class LoopbackGuard(IConfiguration configuration, IServer server, ILogger<LoopbackGuard> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var configured = new List<(string Url, string Source)>();
        var urls = configuration["urls"];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            configured.AddRange(Split(urls).Select(u => (u, "Urls / ASPNETCORE_URLS / --urls")));
        }
        else
        {
            // HTTP_PORTS / HTTPS_PORTS (container images set them) bind every interface; they count only without Urls.
            configured.AddRange(Split(configuration["http_ports"]).Select(p => ($"http://*:{p}", "ASPNETCORE_HTTP_PORTS")));
            configured.AddRange(Split(configuration["https_ports"]).Select(p => ($"https://*:{p}", "ASPNETCORE_HTTPS_PORTS")));
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                configured.Add((url, $"Kestrel:Endpoints:{endpoint.Key}:Url"));
            }
        }

        foreach (var (url, source) in configured)
        {
            if (!IsLoopback(url))
            {
                Refuse(url, source);
            }
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (!IsLoopback(address))
            {
                Refuse(address, "the server's bound addresses");
            }
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary><c>localhost</c>, 127.0.0.0/8 and [::1]; not <c>*</c>, <c>+</c>, 0.0.0.0, [::] or any other host.</summary>
    internal static bool IsLoopback(string url)
    {
        string host;
        try
        {
            host = BindingAddress.Parse(url).Host;
        }
        catch (FormatException)
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    private void Refuse(string url, string source)
    {
        var message =
            $"SecureApi is in local mode (Auth:Mode=Local), which serves only this computer, but it is set to listen on '{url}' " +
            $"(from {source}), which other computers can reach. Listen on a loopback address instead, e.g. " +
            "--urls http://127.0.0.1:5080 (or [::1] or localhost); to serve a team, set Auth:Mode=Team with OpenID Connect " +
            "sign-in (Auth:Oidc:Authority, Auth:Oidc:ClientId).";
        logger.LogCritical("{Refusal}", message);
        throw new InvalidOperationException(message);
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
