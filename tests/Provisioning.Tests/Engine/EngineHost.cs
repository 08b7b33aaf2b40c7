using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>
/// One "process" of the portal's provisioning side: the real registration (records on a SQLite file, the engine, its
/// background worker) with the AWS account supplied by the test. Several hosts in a row on the same folder and the same
/// AWS stand-in are a restart; <see cref="Crash"/> stops the process as abruptly as the engine can observe. Hosts live
/// at the same time on one database are several instances of the portal (each configured with its own instance id).
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    public static readonly Caller Admin = new("admin-1", "Ada Admin", CallerRole.Admin);
    private readonly IHost _host;

    private EngineHost(IHost host) => _host = host;

    public IDeploymentService Service => _host.Services.GetRequiredService<IDeploymentService>();
    public IServiceProvider Services => _host.Services;

    public static async Task<EngineHost> StartAsync(
        IAwsStandIn aws, string dataDirectory, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = dataDirectory,
            EnvironmentName = "Test",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Records:DataDirectory"] = dataDirectory,
            ["Provisioning:QueuePollInterval"] = "00:00:00.250",
            ["Provisioning:DriftCheckEnabled"] = "false",
            // Engine tests look at the engine's own calls; the verification tests switch this on.
            ["Verification:VerifyAfterCreate"] = "false",
            // Hosts started one after another on one folder are restarts of the same instance: a new host takes back
            // the claims the previous one left at once. Tests of several live hosts give each its own id.
            ["Provisioning:InstanceId"] = "engine-host",
        });
        configure?.Invoke(builder.Configuration);
        builder.AddProvisioning();
        aws.ConfigureServices(builder.Services);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineHost(host);
    }

    /// <summary>Stops the process where it is: the worker's token is cancelled at once and nothing more is written.</summary>
    public void Crash() => _host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

    /// <summary>Polls the deployment until <paramref name="done"/> holds (generous timeout for a loaded machine).</summary>
    public async Task<DeploymentDetails> WaitForAsync(Guid id, Func<DeploymentDetails, bool> done, int timeoutSeconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var details = await Service.GetAsync(id, Admin) ?? throw new InvalidOperationException($"Deployment {id} vanished.");
            if (done(details))
            {
                return details;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Deployment {id} stayed {details.State}: {details.Error}");
            }

            await Task.Delay(50);
        }
    }

    public Task<DeploymentDetails> WaitForStateAsync(Guid id, params DeploymentState[] states) =>
        WaitForAsync(id, d => states.Contains(d.State));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
