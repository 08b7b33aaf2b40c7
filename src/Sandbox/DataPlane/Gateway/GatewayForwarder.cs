using System.Net;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace SecureApi.Sandbox.DataPlane.Gateway;

/// <summary>The outbound HTTP client of the gateway: no proxy, no redirects, no cookies, no decompression — a pass-through.</summary>
public sealed class GatewayHttpClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ActivityHeadersPropagator = null,
    });

    public void Dispose() => Invoker.Dispose();
}

/// <summary>
/// Sends a request to an HTTP_PROXY integration through YARP's <see cref="IHttpForwarder"/> and turns a failure into
/// API Gateway's answer: a timeout (the integration's <c>timeoutInMillis</c>, at most 30 s) is 503 Service Unavailable,
/// any other failure (refused connection, broken response) 500 Internal Server Error.
/// </summary>
public sealed class GatewayForwarder(IHttpForwarder forwarder, GatewayHttpClient client, ILogger<GatewayForwarder> logger)
{
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(50);

    public async Task ForwardAsync(HttpContext context, Uri target, string method, int timeoutInMillis)
    {
        var timeout = TimeSpan.FromMilliseconds(timeoutInMillis);
        timeout = timeout < MinTimeout ? MinTimeout : timeout > MaxTimeout ? MaxTimeout : timeout;
        var config = new ForwarderRequestConfig
        {
            ActivityTimeout = timeout,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        var error = await forwarder.SendAsync(context, target.GetLeftPart(UriPartial.Authority), client.Invoker, config, new IntegrationTransformer(target, method));
        if (error == ForwarderError.None)
        {
            return;
        }

        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled || context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
            return;
        }

        logger.LogInformation("Integration {Target} failed: {Error}", target.GetLeftPart(UriPartial.Path), error);
        if (context.Response.HasStarted)
        {
            return;
        }

        // YARP has set 502/504 without a body; API Gateway answers with its own status and body.
        context.Response.Clear();
        if (error == ForwarderError.RequestTimedOut)
        {
            await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable, GatewayResponses.ServiceUnavailable);
        }
        else
        {
            await GatewayResponses.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, GatewayResponses.InternalServerError);
        }
    }

    private sealed class IntegrationTransformer(Uri target, string method) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.RequestUri = target;
            proxyRequest.Method = new HttpMethod(method);
            // The target's own host, as API Gateway sends it.
            proxyRequest.Headers.Host = null;
            var connection = httpContext.Connection;
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", connection.RemoteIpAddress?.ToString());
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Port", connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
