using SecureApi.Portal.Services;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Tests.Fakes;

/// <summary>Component tests: the signed-in person is whoever the test says (by default the local Admin).</summary>
public sealed class FixedCaller : ICurrentCaller
{
    public static Caller LocalAdmin { get; } = new("local", "Local admin", CallerRole.Admin);

    public Caller Caller { get; set; } = LocalAdmin;

    public Task<Caller> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Caller);
}
