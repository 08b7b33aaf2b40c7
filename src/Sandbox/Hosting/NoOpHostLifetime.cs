namespace SecureApi.Sandbox.Hosting;

/// <summary>
/// The embedded Sandbox app does not own the process: its owner (portal, test, or Program) decides when it stops,
/// so it must not hook Ctrl+C or print the console lifetime's banner itself.
/// </summary>
internal sealed class NoOpHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
