using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Aws;

/// <summary>
/// Hands out one <see cref="CognitoClient"/> and one <see cref="HttpApiClient"/> per region, cached for the life of the
/// host. All of them send through the named <see cref="HttpClient"/> <c>SecureApi.Aws</c> (retry → rate limit →
/// SigV4), share the credential source and the per account+region+service rate limits.
/// </summary>
public sealed partial class AwsClients(
    IHttpClientFactory httpClientFactory,
    IOptions<AwsClientOptions> options,
    IEnumerable<IAwsCallListener> listeners,
    ILogger<AwsClients> logger,
    ILoggerFactory loggerFactory) : IAwsClients
{
    private readonly ConcurrentDictionary<string, CognitoClient> _cognito = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HttpApiClient> _httpApi = new(StringComparer.Ordinal);
    private readonly AwsEndpointResolver _endpoints = new(options.Value, Environment.GetEnvironmentVariable);
    private readonly IAwsCallListener[] _listeners = listeners.ToArray();
    private readonly Lazy<string?> _defaultRegion = new(() => AwsEndpointResolver.ResolveDefaultRegion(options.Value));

    /// <summary>
    /// The region to use when the caller has none: <c>AWS:Region</c>, else the profile's region, else <c>AWS_REGION</c>;
    /// null when none is configured.
    /// </summary>
    public string? DefaultRegion => _defaultRegion.Value;

    /// <inheritdoc cref="IAwsClients.Cognito" />
    public ICognitoClient Cognito(string region) =>
        _cognito.GetOrAdd(CheckRegion(region), key => new CognitoClient(CreateTransport(), key, Endpoint(AwsServiceInfo.Cognito, key)));

    /// <inheritdoc cref="IAwsClients.HttpApi" />
    public IHttpApiClient HttpApi(string region) =>
        _httpApi.GetOrAdd(CheckRegion(region), key => new HttpApiClient(CreateTransport(), key, Endpoint(AwsServiceInfo.ApiGateway, key)));

    // IHttpClientFactory recycles handlers underneath; a long-lived HttpClient from it is the intended use.
    private AwsTransport CreateTransport() =>
        new(httpClientFactory.CreateClient(AwsTransport.HttpClientName), _listeners, loggerFactory.CreateLogger<AwsTransport>());

    private Uri Endpoint(AwsServiceInfo service, string region)
    {
        var endpoint = _endpoints.Resolve(service, region);
        logger.LogDebug("AWS {Service} in {Region} is served by {Endpoint}", service.SigningName, region, endpoint);
        return endpoint;
    }

    // New regions must work without a package update, so any region-shaped name is accepted; anything else would
    // end up inside a host name.
    private static string CheckRegion(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        return RegionName().IsMatch(region)
            ? region
            : throw new ArgumentException($"'{region}' is not an AWS region name such as eu-west-1.", nameof(region));
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}
