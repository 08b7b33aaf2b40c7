using System.ComponentModel.DataAnnotations;
using SecureApi.Provisioning.Records;

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

    /// <summary>
    /// This process's name in the claims it writes on deployment rows. Unset: machine name, process id and a random
    /// suffix, new at every start (a new process takes back at once the claims of earlier processes of the same machine
    /// that no longer run, so machine names must differ between instances). Set it to a value that is stable per instance and unique among the instances that
    /// share a database (a pod name, say) so that a restarted instance takes back its own interrupted work at once
    /// instead of after <see cref="LeaseDuration"/>. Two live processes must never share one.
    /// </summary>
    [MaxLength(256)]
    public string? InstanceId { get; set; }

    /// <summary>
    /// How long a claim on a deployment lasts without renewal; the worker renews it every third of this while it
    /// works. Work left by an instance that stopped or died is taken over by another only once its claim has lapsed.
    /// Clocks of instances sharing a database must agree to well within this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often this instance reads from the database which deployments other instances changed, so that its pages
    /// follow work done elsewhere live. <c>00:00:00</c> turns the feed off. Unset: every 2 seconds with
    /// <c>Records:Provider=Postgres</c> (a database several instances share), off with SQLite (one machine's file,
    /// normally one instance). Set it explicitly to follow several instances on one SQLite file.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan? ChangeFeedInterval { get; set; }

    /// <summary>Smallest interval the change feed accepts: polling faster only loads the database.</summary>
    public static readonly TimeSpan MinChangeFeedInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The change feed's interval for records on <paramref name="provider"/>; <see cref="TimeSpan.Zero"/> when off.</summary>
    public TimeSpan ChangeFeedIntervalFor(RecordsProvider provider) =>
        ChangeFeedInterval ?? (provider == RecordsProvider.Postgres ? TimeSpan.FromSeconds(2) : TimeSpan.Zero);
}
