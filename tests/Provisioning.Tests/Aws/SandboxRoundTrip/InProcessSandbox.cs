using SecureApi.Sandbox;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>
/// Always an in-process Sandbox, whatever <c>SECUREAPI_TEST_AWS_ENDPOINT</c> says: fault injection, throttling and call
/// counting need the Sandbox's <see cref="SandboxControl"/>, which no real AWS endpoint has. Tests using this fixture
/// write that into their output when the variable is set, so a run against AWS does not look like it covered them there.
/// </summary>
public sealed class InProcessSandbox : IAsyncLifetime
{
    public AwsTestEndpoint Endpoint { get; } = new(_ => null);

    public SandboxControl Control => Endpoint.Sandbox!.Control;

    /// <summary>Null when the tests run against the default endpoint; otherwise the note to print.</summary>
    public static string? ExternalEndpointNote =>
        AwsTestEndpoint.FromEnvironment(Environment.GetEnvironmentVariable) is { } external
            ? $"{AwsTestEndpoint.EndpointVariable} is set ({external.Endpoint}), but these tests inject faults and count calls "
              + "through the Sandbox's control, so they ran against an in-process Sandbox, not that endpoint."
            : null;

    public Task InitializeAsync() => Endpoint.InitializeAsync();

    public Task DisposeAsync() => Endpoint.DisposeAsync();
}
