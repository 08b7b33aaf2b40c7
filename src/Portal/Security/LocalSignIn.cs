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
/// </summary>
public sealed class LocalSignIn(IServer server, ILogger<LocalSignIn> logger)
{
    private readonly Lock _gate = new();
    private byte[]? _openLinkHash;

    /// <summary>The one Admin of local mode.</summary>
    public static ClaimsPrincipal Principal(string authenticationType) => new(new ClaimsIdentity(
        [
            new Claim("sub", "local"),
            new Claim("name", "Local admin"),
            new Claim(ClaimTypes.Role, "Admin"),
        ],
        authenticationType, "name", ClaimTypes.Role));

    /// <summary>Opens a new link (closing any open one), prints it to the terminal and the log, and returns it.</summary>
    public string Announce()
    {
        var token = NewToken();
        lock (_gate)
        {
            _openLinkHash = Hash(token);
        }

        var link = $"{BaseAddress()}/signin?token={token}";
        // The terminal (and the log, for a service manager) is the only place the link appears: whoever can read it
        // runs the portal. It works once.
        Console.WriteLine($"Sign in (one-time link): {link}");
        logger.LogInformation("Sign in to the SecureApi portal with this one-time link: {SignInLink}", link);
        return link;
    }

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

/// <summary>The bearer token of local mode: <c>Auth:LocalToken</c>, or random per start (then nobody knows it).</summary>
public sealed class LocalApiToken(IOptions<AuthOptions> options)
{
    private readonly byte[] _hash = LocalSignIn.Hash(options.Value.LocalToken?.Trim() is { Length: > 0 } fixedToken ? fixedToken : LocalSignIn.NewToken());

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
