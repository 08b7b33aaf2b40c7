using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureApi.Portal.Components.Setup;
using SecureApi.Portal.Services;
using SecureApi.Portal.Tests.Fakes;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Tests;

/// <summary>A bUnit context wired like the portal: the fake service and events, a local admin, sandbox mode.</summary>
public abstract class PortalTestContext : BunitContext
{
    protected PortalTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(Fake);
        Services.AddSingleton<IDeploymentService>(Fake);
        Services.AddSingleton<IDeploymentEvents>(Fake);
        Services.AddSingleton<SecureApi.Provisioning.Verification.IVerificationService>(Verifications);
        Services.AddSingleton<ICurrentCaller>(Caller);
        Services.AddSingleton(Wizard);
        Services.AddSingleton<IOptions<PortalModeOptions>>(Options.Create(Mode));
    }

    protected FakeDeployments Fake { get; } = new();

    /// <summary>The signed-in person; the local Admin unless a test changes it.</summary>
    protected FixedCaller Caller { get; } = new();

    protected FakeVerification Verifications { get; } = new();

    protected SetupWizardState Wizard { get; } = new();

    protected PortalModeOptions Mode { get; } = new() { Sandbox = true, SandboxEndpoint = "http://127.0.0.1:4566" };

    /// <summary>Generous: the machine is shared and slow; a passing test never waits this long.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
}
