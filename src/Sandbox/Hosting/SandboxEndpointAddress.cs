namespace SecureApi.Sandbox.Hosting;

/// <summary>The URL the Sandbox actually listens on, known once Kestrel has bound (port 0 picks a free port).</summary>
internal sealed class SandboxEndpointAddress
{
    public Uri Endpoint { get; set; } = new("http://127.0.0.1/");
}
