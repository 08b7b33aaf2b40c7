using System.ComponentModel.DataAnnotations;

namespace SecureApi.Provisioning.Deployments;

/// <summary>The <c>Provisioning</c> configuration section: how the background worker runs.</summary>
public sealed class ProvisioningOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Provisioning";

    /// <summary>How many deployments the worker creates, deletes or checks at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrentDeployments { get; set; } = 16;

    /// <summary>How often every active deployment is checked for drift. The periodic check is off when false.</summary>
    public bool DriftCheckEnabled { get; set; } = true;

    /// <summary>Interval of the periodic drift check.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DriftCheckInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the worker looks at the queue even without a wake-up (another instance, a missed signal).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
