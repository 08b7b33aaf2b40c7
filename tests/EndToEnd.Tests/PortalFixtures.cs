namespace SecureApi.EndToEnd.Tests;

/// <summary>One real portal process per test class, started with the Sandbox settings the class needs.</summary>
public abstract class PortalFixture : IAsyncLifetime
{
    private PortalProcess? _portal;

    public PortalProcess Portal => _portal ?? throw new InvalidOperationException("The portal has not started.");

    /// <summary>Configuration keys (<c>Section:Key</c>) given to the portal on top of the sandbox defaults.</summary>
    protected virtual IDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync() => _portal = await PortalProcess.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }
    }
}

/// <summary>The portal as `dotnet run` starts it: Sandbox on, no faults.</summary>
public sealed class SandboxPortalFixture : PortalFixture;

/// <summary>The Sandbox answers the first CreateRoute with a 400, as AWS does for a route it will not accept.</summary>
public sealed class RouteRejectingPortalFixture : PortalFixture
{
    public const string RejectionMessage = "Route key rejected by the test";

    protected override IDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Sandbox:Faults:0:Operation"] = "CreateRoute",
        ["Sandbox:Faults:0:ErrorCode"] = "BadRequestException",
        ["Sandbox:Faults:0:StatusCode"] = "400",
        ["Sandbox:Faults:0:Message"] = RejectionMessage,
    };
}

/// <summary>
/// Every Sandbox call takes 1.5 s, so a create (four waves of calls that can run at once) lasts about six seconds:
/// long enough to reload mid-way even on a slow machine.
/// </summary>
public sealed class SlowSandboxPortalFixture : PortalFixture
{
    protected override IDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Sandbox:LatencyMs"] = "1500",
    };
}

/// <summary>
/// No automatic verification after create: the only run a deployment gets is the one a test starts, so a result on the
/// page proves that its own press of "Verify now" worked.
/// </summary>
public sealed class ManualVerificationPortalFixture : PortalFixture
{
    protected override IDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Verification:VerifyAfterCreate"] = "false",
    };
}

/// <summary>One Chromium for every browser test; the tests run one after another (2 cores, one portal each).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
