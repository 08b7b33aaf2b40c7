namespace SecureApi.Sandbox.Tests.TestSupport;

/// <summary>One Sandbox on a free loopback port, shared by the tests of a class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxServer? _server;

    public SandboxServer Server => _server ?? throw new InvalidOperationException("The Sandbox has not started.");

    internal AwsTestClient Client(string region = "us-east-1") => new(Server.Endpoint, region: region);

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _server = await SandboxServer.StartAsync(Sandboxes.Options());
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

internal static class Sandboxes
{
    public static SandboxOptions Options(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Url = "http://127.0.0.1:0" };
        configure?.Invoke(options);
        return options;
    }

    public static Task<SandboxServer> StartAsync(Action<SandboxOptions>? configure = null)
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        return SandboxServer.StartAsync(Options(configure));
    }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)];
}
