using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Portal.Tests.Security.Support;

/// <summary>Someone with an account at the test issuer.</summary>
public sealed record TestPerson(string Sub, string Name, string Email, params string[] Groups);

/// <summary>A logout request the issuer accepted: which endpoint, whose session it ended, where it sent the browser.</summary>
public sealed record TestLogout(string Endpoint, string? IdTokenHintSub, string ClientId, string RedirectedTo);

/// <summary>
/// A minimal but honest OpenID Connect provider on 127.0.0.1 with its own RSA key: discovery, JWKS, an authorization
/// endpoint (code flow, S256 PKCE required), a token endpoint that checks the code, client, secret, redirect URI and
/// code verifier, and both kinds of logout — an <c>end_session_endpoint</c> (RP-initiated logout) and Cognito's
/// <c>/logout?client_id=&amp;logout_uri=</c>. Like Cognito it answers authorization requests with a redirect whatever
/// <c>response_mode</c> asks. The portal validates its tokens exactly as it would validate Cognito's.
/// </summary>
public sealed class TestIssuer(bool endSessionEndpoint = true) : IAsyncDisposable
{
    public const string ClientId = "portal-test-client";
    public const string SessionCookie = "testissuer.session";
    public const string LoginPageText = "Sign in to the test issuer";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TestPerson> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<TestLogout> _logouts = new();
    private readonly HashSet<string> _redirectUris = new(StringComparer.Ordinal);
    private readonly HashSet<string> _signOutUris = new(StringComparer.Ordinal);
    private RsaSecurityKey? _key;
    private TestPerson? _atTheKeyboard;
    private WebApplication? _app;

    /// <summary>The issuer URL (no trailing slash); also the authority the portal is configured with.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The client secret the token endpoint demands; null for a public client (PKCE alone).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Cognito's logout endpoint of this issuer (for <c>Auth:Oidc:LogoutUrl</c>).</summary>
    public string CognitoLogoutUrl => $"{Issuer}/logout";

    public IReadOnlyCollection<TestLogout> Logouts => _logouts;

    /// <summary>How many people are signed in at the issuer (its own sessions, not the portal's).</summary>
    public int OpenSessions => _sessions.Count;

    private RsaSecurityKey Key => _key ??= new RsaSecurityKey(_rsa) { KeyId = "test-key-1" };

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", Discovery);
        _app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = Key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        _app.MapGet("/authorize", Authorize);
        _app.MapPost("/token", (Delegate)TokenAsync);
        _app.MapGet("/end-session", (Delegate)EndSessionAsync);
        _app.MapGet("/logout", CognitoLogout);
        await _app.StartAsync();
        Issuer = _app.Urls.First().TrimEnd('/');
    }

    /// <summary>The app client's registered callback and sign-out URLs for a portal at <paramref name="portal"/>.</summary>
    public void RegisterPortal(Uri portal)
    {
        lock (_redirectUris)
        {
            _redirectUris.Add(new Uri(portal, "/signin-oidc").ToString());
            _signOutUris.Add(new Uri(portal, "/signin?signedOut=true").ToString());
        }
    }

    /// <summary>The person who types their password at the issuer's login page on the next authorization request without a session.</summary>
    public void SignInAs(TestPerson person) => _atTheKeyboard = person;

    /// <summary>A Cognito-shaped ID token: <c>aud</c> = the client, groups in <c>cognito:groups</c>.</summary>
    public string Token(string sub, string name, params string[] groups) => Mint(sub, name, groups, ClientId, Key);

    /// <summary>A Cognito-shaped access token: no <c>aud</c>, the client in <c>client_id</c>.</summary>
    public string AccessToken(string sub, string name, params string[] groups) => Mint(sub, name, groups, audience: null, Key);

    /// <summary>Same claims, signed by a key the issuer never published.</summary>
    public string ForgedToken(string sub, string name, params string[] groups) =>
        Mint(sub, name, groups, ClientId, new RsaSecurityKey(RSA.Create(2048)) { KeyId = Key.KeyId });

    private IResult Discovery()
    {
        var document = new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic", "none" },
        };
        if (endSessionEndpoint)
        {
            document["end_session_endpoint"] = $"{Issuer}/end-session";
        }

        return Results.Json(document);
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        string redirectUri = query["redirect_uri"].ToString(), state = query["state"].ToString();
        // An unknown client or callback never gets a redirect: that would hand codes to whoever asked.
        if (query["client_id"] != ClientId || !IsRegistered(_redirectUris, redirectUri))
        {
            return Results.BadRequest("unknown client_id or unregistered redirect_uri");
        }

        string Refuse(string error) => QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["error"] = error, ["state"] = state });
        if (query["response_type"] != "code" || !query["scope"].ToString().Split(' ').Contains("openid"))
        {
            return Results.Redirect(Refuse("unsupported_response_type"));
        }

        if (query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
        {
            return Results.Redirect(Refuse("invalid_request"));
        }

        var person = context.Request.Cookies.TryGetValue(SessionCookie, out var session) && _sessions.TryGetValue(session, out var known) ? known : null;
        if (person is null)
        {
            person = Interlocked.Exchange(ref _atTheKeyboard, null);
            if (person is null)
            {
                // Nobody to type a password: the browser stays on the login page.
                return Results.Content($"<!doctype html><title>{LoginPageText}</title><h1>{LoginPageText}</h1>", "text/html");
            }

            var id = NewSecret(32);
            _sessions[id] = person;
            context.Response.Cookies.Append(SessionCookie, id, new CookieOptions { HttpOnly = true, Path = "/" });
        }

        var code = NewSecret(32);
        _codes[code] = new PendingCode(query["client_id"].ToString(), redirectUri, query["code_challenge"].ToString(),
            query["nonce"].ToString(), person, DateTime.UtcNow.AddMinutes(5));
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = state }));
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(context.Request, form);
        if (clientId != ClientId || (ClientSecret is not null && !FixedEquals(secret, ClientSecret)))
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (form["grant_type"] != "authorization_code")
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: StatusCodes.Status400BadRequest);
        }

        // A code works once, for the client and callback it was issued to, and only with the verifier of its challenge.
        if (!_codes.TryRemove(form["code"].ToString(), out var pending) || pending.ExpiresAt < DateTime.UtcNow
            || pending.ClientId != clientId || pending.RedirectUri != form["redirect_uri"]
            || !PkceMatches(form["code_verifier"].ToString(), pending.CodeChallenge))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var person = pending.Person;
        var idClaims = new Dictionary<string, object>
        {
            ["sub"] = person.Sub,
            ["name"] = person.Name,
            ["email"] = person.Email,
            ["cognito:username"] = person.Sub,
            ["token_use"] = "id",
            ["auth_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        if (pending.Nonce.Length > 0)
        {
            idClaims["nonce"] = pending.Nonce;
        }

        if (person.Groups.Length > 0)
        {
            idClaims["cognito:groups"] = person.Groups;
        }

        return Results.Json(new
        {
            id_token = Sign(idClaims, ClientId, Key),
            access_token = AccessToken(person.Sub, person.Name, person.Groups),
            token_type = "Bearer",
            expires_in = 3600,
        });
    }

    private async Task<IResult> EndSessionAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var hint = query["id_token_hint"].ToString();
        var sub = hint.Length > 0 ? await HintedSubjectAsync(hint) : null;
        var target = query["post_logout_redirect_uri"].ToString();
        // The hint must be one of this issuer's ID tokens for this client, the target a registered sign-out URL.
        if ((hint.Length > 0 && sub is null) || (query.ContainsKey("client_id") && query["client_id"] != ClientId) || !IsRegistered(_signOutUris, target))
        {
            return Results.BadRequest("invalid logout request");
        }

        return EndSessionOf(context, "end_session_endpoint", sub, target, query["state"].ToString());
    }

    private IResult CognitoLogout(HttpContext context)
    {
        var query = context.Request.Query;
        var target = query["logout_uri"].ToString();
        if (query["client_id"] != ClientId || !IsRegistered(_signOutUris, target))
        {
            return Results.BadRequest("invalid logout request");
        }

        return EndSessionOf(context, "cognito_logout", null, target, null);
    }

    private IResult EndSessionOf(HttpContext context, string endpoint, string? sub, string target, string? state)
    {
        if (context.Request.Cookies.TryGetValue(SessionCookie, out var session))
        {
            _sessions.TryRemove(session, out _);
        }

        context.Response.Cookies.Delete(SessionCookie, new CookieOptions { Path = "/" });
        var redirect = string.IsNullOrEmpty(state) ? target : QueryHelpers.AddQueryString(target, "state", state);
        _logouts.Enqueue(new TestLogout(endpoint, sub, ClientId, target));
        return Results.Redirect(redirect);
    }

    private async Task<string?> HintedSubjectAsync(string idToken)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = ClientId,
            IssuerSigningKey = Key,
            // An expired ID token is still a fine hint of who is signing out (OpenID Connect RP-Initiated Logout 1.0).
            ValidateLifetime = false,
        });
        return result.IsValid && result.Claims.TryGetValue("sub", out var sub) ? sub as string : null;
    }

    private bool IsRegistered(HashSet<string> registered, string uri)
    {
        lock (_redirectUris)
        {
            return registered.Contains(uri);
        }
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) && header.Scheme == "Basic" && header.Parameter is not null)
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length == 2 ? Uri.UnescapeDataString(pair[1]) : null);
        }

        return (form["client_id"].ToString(), form.TryGetValue("client_secret", out var secret) ? secret.ToString() : null);
    }

    private static bool PkceMatches(string verifier, string challenge) =>
        verifier.Length is >= 43 and <= 128
        && FixedEquals(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), challenge);

    private static bool FixedEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string NewSecret(int bytes) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));

    private string Mint(string sub, string name, string[] groups, string? audience, SecurityKey key)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub, ["name"] = name, ["token_use"] = audience is null ? "access" : "id" };
        if (groups.Length > 0)
        {
            claims["cognito:groups"] = groups;
        }

        if (audience is null)
        {
            claims["client_id"] = ClientId;
        }

        return Sign(claims, audience, key);
    }

    private string Sign(Dictionary<string, object> claims, string? audience, SecurityKey key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        Claims = claims,
        IssuedAt = DateTime.UtcNow,
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _rsa.Dispose();
    }

    private sealed record PendingCode(string ClientId, string RedirectUri, string CodeChallenge, string Nonce, TestPerson Person, DateTime ExpiresAt);
}
