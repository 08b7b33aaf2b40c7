using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Services;

/// <summary>
/// The one place pages ask "who is this?". Every service call passes this caller, so ownership is enforced by the
/// provisioning layer; sign-in (issue 7) replaces the implementation, not the pages.
/// </summary>
public interface ICurrentCaller
{
    Task<Caller> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>Local mode before sign-in exists: the person at the keyboard is the one admin.</summary>
public sealed class LocalAdminCaller : ICurrentCaller
{
    private static readonly Caller LocalAdmin = new("local", "Local admin", CallerRole.Admin);

    public Task<Caller> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(LocalAdmin);
}
