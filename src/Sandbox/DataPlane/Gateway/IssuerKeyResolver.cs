using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using SecureApi.Sandbox.DataPlane.Tokens;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane.Gateway;

/// <summary>
/// The RSA keys an authorizer's issuer signs with. A Cognito-form issuer is answered in-process from the Sandbox's own
/// pools (and never fetched from AWS: an unknown pool or a region mismatch simply has no keys, as a misconfigured
/// authorizer would find none). Any other issuer goes through its OIDC discovery document to its <c>jwks_uri</c>,
/// with AWS's limits: 1.5 s per fetch, JWKS at most 150,000 bytes, keys cached up to two hours.
/// </summary>
public sealed class IssuerKeyResolver(SandboxState state, SigningKeyStore signingKeys, IHttpClientFactory httpClients, TimeProvider time, ILogger<IssuerKeyResolver> logger)
{
    public const string HttpClientName = "sandbox-oidc";
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromMilliseconds(1500);
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(2);
    public const int MaxDocumentBytes = 150_000;

    private readonly ConcurrentDictionary<string, (IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>The issuer's RSA keys, or null when they cannot be had (unknown pool, unreachable or invalid documents).</summary>
    public async Task<IReadOnlyList<SecurityKey>?> GetKeysAsync(string issuer, CancellationToken cancellationToken)
    {
        if (CognitoIssuer.TryParse(issuer, out var region, out var poolId))
        {
            return OwnPoolKeys(region, poolId);
        }

        if (_cache.TryGetValue(issuer, out var cached) && time.GetUtcNow() - cached.FetchedAt < CacheLifetime)
        {
            return cached.Keys;
        }

        var keys = await FetchAsync(issuer, cancellationToken);
        if (keys is not null)
        {
            _cache[issuer] = (keys, time.GetUtcNow());
        }

        return keys;
    }

    private List<SecurityKey>? OwnPoolKeys(string region, string poolId)
    {
        lock (state.Gate)
        {
            if (!state.Pools.TryGetValue(poolId, out var pool) || pool.Region != region)
            {
                return null;
            }
        }

        return signingKeys.GetSigningKey(poolId) is { } key ? [key] : null;
    }

    private async Task<IReadOnlyList<SecurityKey>?> FetchAsync(string issuer, CancellationToken cancellationToken)
    {
        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            var discoveryUrl = issuer.TrimEnd('/') + "/.well-known/openid-configuration";
            using var discovery = JsonDocument.Parse(await GetBoundedAsync(http, discoveryUrl, cancellationToken));
            if (!discovery.RootElement.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.GetString() is not { } jwksUrl)
            {
                logger.LogWarning("The discovery document of issuer {Issuer} has no jwks_uri.", issuer);
                return null;
            }

            var set = new JsonWebKeySet(await GetBoundedAsync(http, jwksUrl, cancellationToken));
            // API Gateway accepts RSA keys only.
            return set.Keys.Where(k => k.Kty == JsonWebAlgorithmsKeyTypes.RSA).Cast<SecurityKey>().ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or ArgumentException or InvalidOperationException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            logger.LogWarning("Could not fetch the signing keys of issuer {Issuer}: {Reason}", issuer, ex.GetType().Name);
            return null;
        }
    }

    private static async Task<string> GetBoundedAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw new InvalidOperationException("Document too large.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = new byte[MaxDocumentBytes + 1];
        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(total), timeout.Token)) > 0)
        {
            total += read;
            if (total > MaxDocumentBytes)
            {
                throw new InvalidOperationException("Document too large.");
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }
}
