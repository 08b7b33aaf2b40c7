using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Services;

/// <summary>
/// The one place pages ask "who is this?". Every service call passes this caller, so ownership is enforced by the
/// provisioning layer. The portal's implementation is <see cref="SignedInCaller"/>.
/// </summary>
public interface ICurrentCaller
{
    Task<Caller> GetAsync(CancellationToken cancellationToken = default);
}
