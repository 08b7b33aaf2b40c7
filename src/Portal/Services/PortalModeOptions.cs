namespace SecureApi.Portal.Services;

/// <summary>
/// What the header and the wizard need to know about where deployments go: the Sandbox (and its endpoint) or a real
/// AWS account and region. Bound from <c>Sandbox:Enabled</c>, <c>Sandbox:Url</c>, <c>AWS:Region</c>, <c>AWS:Account</c>.
/// </summary>
public sealed class PortalModeOptions
{
    public bool Sandbox { get; set; }
    public string? SandboxEndpoint { get; set; }
    public string? Region { get; set; }
    public string? Account { get; set; }

    /// <summary>The Sandbox's echo integration target, offered by the wizard in sandbox mode.</summary>
    public string? SandboxEchoUrl =>
        Sandbox && !string.IsNullOrWhiteSpace(SandboxEndpoint) ? SandboxEndpoint.TrimEnd('/') + "/_sandbox/echo" : null;
}
