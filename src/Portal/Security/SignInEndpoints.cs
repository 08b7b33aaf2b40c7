using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SecureApi.Portal.Components.Pages.Security;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Security;

/// <summary>
/// <c>GET /signin</c> (the page; a local one-time link opens it with <c>#token=</c>), <c>POST /signin</c> (the page's
/// form with that token), <c>GET /signin/oidc</c> (team mode: off to the identity provider), <c>GET /signin/complete</c>
/// (back from it) and <c>POST /signout</c> (antiforgery; in team mode it goes on to the identity provider's logout, see
/// <see cref="TeamSignOut"/>).
/// </summary>
internal static class SignInEndpoints
{
    public const string SignInPath = "/signin";
    public const string OidcPath = "/signin/oidc";
    public const string CompletePath = "/signin/complete";
    public const string SignOutPath = "/signout";
    public const string SignedOutPath = "/signin?signedOut=true";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, SignInPage).AllowAnonymous().ExcludeFromDescription();
        // Antiforgery is checked by hand, to answer with the sign-in page rather than a bare 400.
        endpoints.MapPost(SignInPath, RedeemAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapGet(OidcPath, ChallengeOidc).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(CompletePath, Complete).AllowAnonymous().ExcludeFromDescription();
        // Anonymous too, so that a person without any SecureApi role can still sign out (antiforgery still applies).
        endpoints.MapPost(SignOutPath, SignOutAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static IResult SignInPage(IOptions<AuthOptions> options, string? returnUrl, bool? signedOut, bool? failed) =>
        Page(options.Value.Mode, returnUrl, signedOut == true ? "You are signed out." : null,
            failed == true ? "Signing in did not work. Try again, or ask whoever runs the portal." : null, StatusCodes.Status200OK);

    // The sign-in page posts the link's token here (its script moves it from after '#' into the form; without script a
    // person pastes it). A body, unlike a URL, reaches no request log.
    private static async Task<IResult> RedeemAsync(HttpContext context, IOptions<AuthOptions> options, IAntiforgery antiforgery, IAuditLog audit)
    {
        var mode = options.Value.Mode;
        if (!context.Request.HasFormContentType)
        {
            return Page(mode, null, null, "Sign in from the portal's sign-in page.", StatusCodes.Status400BadRequest);
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Page(mode, null, null, "The sign-in page had expired. Open the sign-in link again.", StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var signIn = context.RequestServices.GetService<LocalSignIn>();
        var remote = CallerClaims.RemoteAddressOf(context);
        if (mode != AuthMode.Local || signIn is null || !signIn.TryRedeem(form["token"].ToString()))
        {
            await audit.RecordAsync(new AuditRecord(CallerClaims.Anonymous(remote), AuditActions.SignIn, AuditOutcome.Failed,
                Detail: "Sign-in link not valid (already used, mistyped, or from an earlier start)."), context.RequestAborted);
            return Page(mode, null, null,
                "This sign-in link does not work: each link works once, and only until the portal restarts. Use the newest link printed in the terminal where the portal runs.",
                StatusCodes.Status401Unauthorized);
        }

        var principal = LocalSignIn.Principal(PortalSchemes.Cookie);
        await context.SignInAsync(PortalSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = false });
        await audit.RecordAsync(new AuditRecord(CallerClaims.From(principal, remote)!, AuditActions.SignIn, AuditOutcome.Succeeded,
            Detail: "Signed in with the one-time local link."), context.RequestAborted);
        signIn.Announce();
        return Results.Redirect(LocalUrl(form["returnUrl"].ToString()));
    }

    private static IResult ChallengeOidc(IOptions<AuthOptions> options, string? returnUrl) =>
        options.Value.Mode != AuthMode.Team
            ? Results.Redirect(SignInPath)
            : Results.Challenge(new AuthenticationProperties { RedirectUri = $"{CompletePath}?returnUrl={Uri.EscapeDataString(LocalUrl(returnUrl))}" }, [PortalSchemes.Oidc]);

    // Back from the identity provider the browser is on a cross-site redirect chain, which does not carry a
    // SameSite=Strict cookie; a same-site refresh from this page does.
    private static IResult Complete(string? returnUrl) =>
        new RazorComponentResult<SignInCompletePage>(new { ReturnUrl = LocalUrl(returnUrl) });

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, IAuditLog audit, IOptions<AuthOptions> options)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign out from the portal's own page.");
        }

        if (CallerClaims.From(context.User, CallerClaims.RemoteAddressOf(context)) is { } caller)
        {
            await audit.RecordAsync(new AuditRecord(caller, AuditActions.SignOut, AuditOutcome.Succeeded), context.RequestAborted);
        }

        // A person without any SecureApi role is signed in at the provider too, so this does not depend on the role.
        var provider = options.Value.Mode == AuthMode.Team && context.User.Identity?.IsAuthenticated == true
            && await TeamSignOut.RedirectToProviderAsync(context, options.Value.Oidc);
        await context.SignOutAsync(PortalSchemes.Cookie);
        return provider ? Results.Empty : Results.Redirect(SignedOutPath);
    }

    private static RazorComponentResult<SignInPage> Page(AuthMode mode, string? returnUrl, string? notice, string? error, int status) =>
        new(new { Mode = mode, ReturnUrl = LocalUrl(returnUrl), Notice = notice, Error = error }) { StatusCode = status };

    /// <summary>Only a path on this site: an open redirect would make the sign-in page a phishing tool.</summary>
    internal static string LocalUrl(string? url) =>
        url is { Length: > 0 and <= 2048 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
