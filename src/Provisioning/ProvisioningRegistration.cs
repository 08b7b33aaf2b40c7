using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Deployments.Execution;
using SecureApi.Provisioning.Deployments.Worker;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Provisioning;

/// <summary>The one registration of the provisioning layer: records, AWS clients, the engine and its worker.</summary>
public static class ProvisioningRegistration
{
    /// <summary>
    /// Registers <see cref="IDeploymentService"/>, <see cref="IDeploymentEvents"/>, <see cref="IAuditLog"/>, the background worker, the change feed and the
    /// <c>Provisioning</c> options (validated at start), plus the record store and the AWS clients (<c>AWS</c> section).
    /// </summary>
    public static IHostApplicationBuilder AddProvisioning(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRecords();
        builder.AddAwsClients();
        builder.AddVerification();

        var services = builder.Services;
        services.AddOptions<ProvisioningOptions>()
            .BindConfiguration(ProvisioningOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !o.DriftCheckEnabled || o.DriftCheckInterval >= TimeSpan.FromSeconds(1),
                $"{ProvisioningOptions.Section}:DriftCheckInterval must be at least one second when {ProvisioningOptions.Section}:DriftCheckEnabled is true.")
            .Validate(o => o.ChangeFeedInterval is not { } feed || feed == TimeSpan.Zero || feed >= ProvisioningOptions.MinChangeFeedInterval,
                $"{ProvisioningOptions.Section}:ChangeFeedInterval must be 00:00:00 (off) or at least {ProvisioningOptions.MinChangeFeedInterval:c}.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAwsCallListener, StepCallTracker>());
        services.TryAddSingleton<DeploymentEvents>();
        services.TryAddSingleton<IDeploymentEvents>(sp => sp.GetRequiredService<DeploymentEvents>());
        services.TryAddSingleton<DeploymentStore>();
        services.TryAddSingleton<DeploymentClaims>();
        services.TryAddSingleton<WorkQueue>();
        services.TryAddSingleton<DeploymentRunner>();
        services.TryAddSingleton<IAuditLog, AuditLog>();
        services.TryAddSingleton<IDeploymentService, DeploymentService>();
        // Registered after the records' migrator, so the schema is current before the worker reads it.
        services.AddHostedService<DeploymentWorker>();
        // Pages on this instance follow work that other instances sharing the database do (off unless configured or on PostgreSQL).
        services.AddHostedService<DeploymentChangeFeed>();
        return builder;
    }
}
