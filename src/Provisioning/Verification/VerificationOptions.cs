using System.ComponentModel.DataAnnotations;

namespace SecureApi.Provisioning.Verification;

/// <summary>The <c>Verification</c> configuration section.</summary>
public sealed class VerificationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Verification";

    /// <summary>Verify once, automatically, right after a create succeeds.</summary>
    public bool VerifyAfterCreate { get; set; } = true;

    /// <summary>
    /// How long the first check keeps retrying (with backoff) while a new stage does not serve yet: no answer, 404 or
    /// 5xx. Real AWS can take seconds after a create; the Sandbox answers at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan FirstCheckWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time limit of one request to the invoke URL.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many routes are checked at once.</summary>
    [Range(1, 32)]
    public int MaxParallelRoutes { get; set; } = 4;

    /// <summary>
    /// Folder of the Data Protection keys that protect the test users' passwords. Unset (the default): they are kept in
    /// the records database, shared by every instance on it, so a restart or another instance can still read them.
    /// </summary>
    public string? KeysDirectory { get; set; }
}
