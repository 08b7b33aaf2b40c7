namespace SecureApi.Provisioning.Deployments;

/// <summary>
/// The tag every resource a deployment creates carries, so that a resource whose id was never recorded (the process
/// died between the AWS call and the journal write) can still be found and removed.
/// </summary>
public static class DeploymentTags
{
    /// <summary>Tag key: <c>secureapi:deployment</c>.</summary>
    public const string Key = "secureapi:deployment";

    /// <summary>The tag set for one deployment.</summary>
    public static Dictionary<string, string> For(Guid deploymentId) => new() { [Key] = Value(deploymentId) };

    /// <summary>The tag value: the deployment id in its canonical "D" form.</summary>
    public static string Value(Guid deploymentId) => deploymentId.ToString("D");

    /// <summary>True when <paramref name="tags"/> mark a resource as made by <paramref name="deploymentId"/>.</summary>
    public static bool IsTaggedFor(IReadOnlyDictionary<string, string>? tags, Guid deploymentId) =>
        tags is not null && tags.TryGetValue(Key, out var value) && value == Value(deploymentId);
}
