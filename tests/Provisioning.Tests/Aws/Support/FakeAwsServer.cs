using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecureApi.Provisioning.Tests.Aws.Support;

/// <summary>What the fake received, byte for byte where it matters (raw target, headers, body).</summary>
public sealed record CapturedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] BodyBytes)
{
    public string Body => Encoding.UTF8.GetString(BodyBytes);

    public string Path => RawTarget.Split('?')[0];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>
/// A scripted AWS endpoint on 127.0.0.1 over real HTTP (Kestrel, port 0): answers with queued responses in order
/// (then with 200 <c>{}</c>), records every request. Enough to pin the clients' wire behaviour without the Sandbox.
/// </summary>
public sealed class FakeAwsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly List<CapturedRequest> _requests = [];
    private readonly Lock _lock = new();

    private FakeAwsServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Runs before each scripted answer, e.g. to move a signing clock so every attempt gets its own time.</summary>
    public Action<CapturedRequest>? OnRequest { get; set; }

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeAwsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeAwsServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public void Enqueue(Func<HttpContext, Task> answer) => _script.Enqueue(answer);

    /// <summary>Queue a response; <paramref name="contentType"/> defaults to application/json.</summary>
    public void Respond(int status, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            if (body is not null)
            {
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(body);
            }
        });

    /// <summary>Queue the same response several times.</summary>
    public void RespondTimes(int times, int status, string? body = null, params (string Name, string Value)[] headers)
    {
        for (var i = 0; i < times; i++)
        {
            Respond(status, body, "application/json", headers);
        }
    }

    /// <summary>Queue a dropped connection: the client sees a network failure, no HTTP response.</summary>
    public void DropConnection() => Enqueue(context =>
    {
        context.Abort();
        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var headers = context.Request.Headers.ToDictionary(
            header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var captured = new CapturedRequest(context.Request.Method, rawTarget, headers, buffer.ToArray());
        lock (_lock)
        {
            _requests.Add(captured);
        }

        OnRequest?.Invoke(captured);
        if (_script.TryDequeue(out var answer))
        {
            await answer(context);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{}");
    }
}
