using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecureApi.Portal.Services;
using SecureApi.Provisioning.Keys;

namespace SecureApi.Portal.Security;

/// <summary>
/// The portal's own security: sign-in (local links or OpenID Connect), role policies with a fallback that covers
/// every endpoint, the access-denied answers and their audit, security headers, sign-in rate limits, body limits.
/// </summary>
public static class PortalSecurityExtensions
{
    /// <summary>Largest request body <c>/api</c> accepts (a spec is a few KB).</summary>
    public const long MaxApiBodyBytes = 256 * 1024;

    /// <summary>Largest body of anything else (sign-out form, the circuit's negotiate).</summary>
    public const long MaxOtherBodyBytes = 32 * 1024;

    public static IHostApplicationBuilder AddPortalSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        var settings = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentCaller, SignedInCaller>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PortalAuthorizationResults>();
        services.AddAuthorization(PortalPolicies.Add);
        services.AddCascadingAuthenticationState();

        var bearer = settings.Mode == AuthMode.Team ? PortalSchemes.JwtBearer : PortalSchemes.LocalBearer;
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = PortalSchemes.Default;
                o.DefaultChallengeScheme = PortalSchemes.Default;
            })
            .AddPolicyScheme(PortalSchemes.Default, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer : PortalSchemes.Cookie)
            .AddCookie(PortalSchemes.Cookie, ConfigureCookie);

        if (settings.Mode == AuthMode.Team)
        {
            authentication.AddJwtBearer(PortalSchemes.JwtBearer, _ => { }).AddOpenIdConnect(PortalSchemes.Oidc, _ => { });
            services.AddSingleton<TeamRoles>();
            services.AddSingleton<IClaimsTransformation>(sp => sp.GetRequiredService<TeamRoles>());
            services.AddOptions<JwtBearerOptions>(PortalSchemes.JwtBearer).Configure<IOptions<AuthOptions>>(TeamSignIn.ConfigureJwt);
            services.AddOptions<OpenIdConnectOptions>(PortalSchemes.Oidc).Configure<IOptions<AuthOptions>>(TeamSignIn.ConfigureOidc);
        }
        else
        {
            authentication.AddScheme<AuthenticationSchemeOptions, LocalTokenHandler>(PortalSchemes.LocalBearer, null);
            services.AddSingleton<LocalApiToken>();
            services.AddSingleton<LocalSignIn>();
            services.AddHostedService<LoopbackGuard>();
            services.AddHostedService<LocalSignInAnnouncer>();
        }

        // The keys of sign-in cookies and antiforgery tokens live in the records: shared by every instance on the
        // database, kept when a container is re-created, encrypted at rest when a certificate is configured.
        services.AddDataProtection().SetApplicationName("SecureApi.Portal")
            .PersistKeysToRecords(KeyStorage.PortalRing).ProtectKeysAtRest(builder.Configuration);
        services.AddForwardedProxies(builder.Configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SignInThrottleAudit>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // A body of its own, so the status-code pages do not turn the refusal into a redirect to sign in.
            o.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                await http.RequestServices.GetRequiredService<SignInThrottleAudit>().RecordAsync(
                    http, http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInAttemptsPerMinute, cancellationToken);
                http.Response.Headers.RetryAfter = "60";
                await http.Response.WriteAsync(
                    "Too many sign-in attempts from your address. Wait a minute, then use the newest sign-in link.", cancellationToken);
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(CallerClaims.RemoteAddressOf(context) ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("not-sign-in"));
        });
        return builder;
    }

    /// <summary>
    /// The middleware, in order: forwarded headers from known proxies, headers on every response, body limits, sign-in rate limit, authentication,
    /// authorization. Call before antiforgery and the endpoints; then <see cref="MapPortalSignIn"/>.
    /// </summary>
    public static IApplicationBuilder UsePortalSecurity(this IApplicationBuilder app)
    {
        app.UseForwardedProxies();
        app.UseSecurityHeaders();
        app.Use(async (context, next) =>
        {
            var max = context.Request.Path.StartsWithSegments("/api") ? MaxApiBodyBytes : MaxOtherBodyBytes;
            if (context.Request.ContentLength > max)
            {
                // Refused before anything reads it; a chunked body meets the server's own limit below instead.
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large",
                    detail: $"A request body here may be at most {max / 1024} KB.").ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = max;
            }

            await next(context);
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Sign-in and sign-out endpoints (anonymous where they must be).</summary>
    public static IEndpointRouteBuilder MapPortalSignIn(this IEndpointRouteBuilder endpoints) => endpoints.MapSignIn();

    /// <summary>A local link with its token, or a step of OpenID Connect sign-in: what a guesser would hammer.</summary>
    internal static bool IsSignInAttempt(HttpRequest request) =>
        (request.Path.Equals(SignInEndpoints.SignInPath, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method))
        || request.Path.StartsWithSegments(SignInEndpoints.OidcPath, StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments(TeamSignIn.CallbackPath, StringComparison.OrdinalIgnoreCase);

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "SecureApi.Auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = SignInEndpoints.SignInPath;
        options.ReturnUrlParameter = "returnUrl";
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
    }
}
