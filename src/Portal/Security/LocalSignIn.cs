using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SecureApi.Portal.Security;

/// <summary>
/// Local mode's one-time sign-in links (as Jupyter and the Aspire dashboard print them). Exactly one link is open at a
/// time; using it closes it and prints the next one for the next browser. Only a hash of the open token is kept.
/// The first link carries the portal's token — the same one scripts send as a bearer token on <c>/api</c>
/// (<see cref="LocalApiToken"/>, fixed by <c>Auth:LocalToken</c>); as a link it works once, as a bearer token for
/// as long as the portal runs. The token travels after <c>#</c>, which a browser never sends to a server, so it
/// reaches no request log; the sign-in page posts it in a form. The first link is printed on the terminal only, never
/// logged; the later links carry single-use tokens of their own and are logged too (for a service manager's journal).
/// </summary>
public sealed class LocalSignIn(IServer server, LocalApiToken apiToken, ILogger<LocalSignIn> logger)
{
    private readonly Lock _gate = new();
    private byte[]? _openLinkHash;
    private bool _announced;

    /// <summary>The one Admin of local mode.</summary>
    public static ClaimsPrincipal Principal(string authenticationType) => new(new ClaimsIdentity(
        [
            new Claim("sub", "local"),
            new Claim("name", "Local admin"),
            new Claim(ClaimTypes.Role, "Admin"),
        ],
        authenticationType, "name", ClaimTypes.Role));

    /// <summary>Opens a new link (closing any open one), prints it, and returns it.</summary>
    public string Announce()
    {
        bool first;
        string token;
        lock (_gate)
        {
            first = !_announced;
            _announced = true;
            token = first ? apiToken.Value : NewToken();
            _openLinkHash = Hash(token);
        }

        var link = LinkFor(token);
        // The terminal is the only place a link appears in full: whoever can read it runs the portal.
        Console.WriteLine($"Sign in (one-time link): {link}");
        if (first)
        {
            Console.WriteLine($"Scripts call /api with the same token:  Authorization: Bearer {apiToken.Value}  (fix it with Auth:LocalToken)");
            logger.LogInformation("The first sign-in link was printed on the terminal. It carries the portal's API token, so it is not logged.");
        }
        else
        {
            logger.LogInformation("Sign in to the SecureApi portal with this one-time link: {SignInLink}", link);
        }

        return link;
    }

    /// <summary>The link for <paramref name="token"/>: the sign-in page, with the token after <c>#</c>.</summary>
    public string LinkFor(string token) => $"{BaseAddress()}{SignInEndpoints.SignInPath}#token={Uri.EscapeDataString(token)}";

    /// <summary>True once for the open link's token; closes it. Compared in constant time.</summary>
    public bool TryRedeem(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return false;
        }

        var hash = Hash(token);
        lock (_gate)
        {
            if (_openLinkHash is null || !CryptographicOperations.FixedTimeEquals(hash, _openLinkHash))
            {
                return false;
            }

            _openLinkHash = null;
            return true;
        }
    }

    /// <summary>32 random bytes, base64url.</summary>
    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    internal static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private string BaseAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        return address.TrimEnd('/');
    }
}

/// <summary>
/// The token of local mode: <c>Auth:LocalToken</c>, or random per start. Scripts send it as a bearer token on
/// <c>/api</c>; the first sign-in link carries it. It is shown on the terminal at start, never in the log.
/// </summary>
public sealed class LocalApiToken
{
    private readonly byte[] _hash;

    public LocalApiToken(IOptions<AuthOptions> options)
    {
        Value = options.Value.LocalToken?.Trim() is { Length: > 0 } fixedToken ? fixedToken : LocalSignIn.NewToken();
        _hash = LocalSignIn.Hash(Value);
    }

    /// <summary>The token itself; held only to print it on the terminal at start.</summary>
    internal string Value { get; }

    public bool Matches(string candidate) =>
        candidate.Length <= 1024 && CryptographicOperations.FixedTimeEquals(LocalSignIn.Hash(candidate), _hash);
}

/// <summary>Prints the first sign-in link once the portal listens (its address is known only then).</summary>
internal sealed class LocalSignInAnnouncer(IHostApplicationLifetime lifetime, LocalSignIn signIn) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => signIn.Announce());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
