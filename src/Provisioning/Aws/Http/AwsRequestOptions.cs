namespace SecureApi.Provisioning.Aws.Http;

/// <summary>
/// Per-request facts the handlers below the typed clients need: one <see cref="HttpClient"/> serves every region and
/// both services, so the signer and the rate limiter read service, region and the noAuth flag from the message.
/// </summary>
internal static class AwsRequestOptions
{
    public static readonly HttpRequestOptionsKey<AwsServiceInfo> Service = new("SecureApi.Aws.Service");
    public static readonly HttpRequestOptionsKey<string> Region = new("SecureApi.Aws.Region");
    public static readonly HttpRequestOptionsKey<string> Operation = new("SecureApi.Aws.Operation");

    /// <summary>Set for noAuth operations (Cognito <c>InitiateAuth</c>): the signer leaves the request untouched.</summary>
    public static readonly HttpRequestOptionsKey<bool> Unsigned = new("SecureApi.Aws.Unsigned");

    /// <summary>Counts the attempts that reached the signer, i.e. were actually sent (retries included).</summary>
    public static readonly HttpRequestOptionsKey<AttemptCounter> Attempts = new("SecureApi.Aws.Attempts");
}

/// <summary>Mutable attempt count carried on the request across retries.</summary>
internal sealed class AttemptCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
