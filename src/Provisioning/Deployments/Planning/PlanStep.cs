using System.Collections.Concurrent;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Deployments.Planning;

/// <summary>What every step of one deployment's plan shares: who it is for, what was asked, and the region's clients.</summary>
public sealed record StepContext(Guid DeploymentId, SecureApiSpec Spec, ICognitoClient Cognito, IHttpApiClient HttpApi)
{
    /// <summary>Tags every taggable resource carries at creation.</summary>
    public Dictionary<string, string> Tags => DeploymentTags.For(DeploymentId);

    /// <summary>API Gateway ARN used for tagging and for the records.</summary>
    public string ApiArn(string apiId) => $"arn:aws:apigateway:{Spec.Region}::/apis/{apiId}";
}

/// <summary>An AWS resource a step made (or, for a reused pool, found) — what the records keep.</summary>
public sealed record MadeResource(ResourceKind Kind, string AwsId, string? Arn, string? ParentId, string? Name, bool CreatedByUs);

/// <summary>
/// One AWS call of a plan with the steps whose outputs it needs. Steps are small objects: they build one request
/// from the context and their dependencies' outputs, send it, and throw on failure.
/// </summary>
public abstract class PlanStep(string key, string operation, string title, IReadOnlyList<PlanStep> dependsOn)
{
    /// <summary>Stable key within the plan, e.g. <c>create-route:GET /users/{userId}</c>; the journal's step name.</summary>
    public string Key { get; } = key;

    /// <summary>The AWS operation, e.g. <c>CreateRoute</c>.</summary>
    public string Operation { get; } = operation;

    /// <summary>What a person reads in the progress view and in error messages.</summary>
    public string Title { get; } = title;

    public IReadOnlyList<PlanStep> DependsOn { get; } = dependsOn;

    internal abstract Task<MadeResource?> RunAsync(StepContext context, StepResults results, CancellationToken cancellationToken);
}

/// <summary>A step whose output later steps use (an id, an endpoint), kept in <see cref="StepResults"/>.</summary>
public abstract class PlanStep<TOutput>(string key, string operation, string title, params PlanStep[] dependsOn)
    : PlanStep(key, operation, title, dependsOn)
    where TOutput : notnull
{
    internal sealed override async Task<MadeResource?> RunAsync(StepContext context, StepResults results, CancellationToken cancellationToken)
    {
        var (output, resource) = await ExecuteAsync(context, results, cancellationToken);
        results.Set(this, output);
        return resource;
    }

    /// <summary>Sends the one AWS call and says what it produced.</summary>
    protected abstract Task<(TOutput Output, MadeResource? Resource)> ExecuteAsync(
        StepContext context, StepResults results, CancellationToken cancellationToken);
}

/// <summary>Outputs of the steps that have finished, read by typed step reference (no bag of nullable fields).</summary>
public sealed class StepResults
{
    private readonly ConcurrentDictionary<PlanStep, object> _outputs = new();

    /// <summary>The output of a finished step; a step only runs after its dependencies, so a miss is a plan bug.</summary>
    public TOutput Of<TOutput>(PlanStep<TOutput> step) where TOutput : notnull =>
        _outputs.TryGetValue(step, out var output)
            ? (TOutput)output
            : throw new InvalidOperationException($"Step '{step.Key}' has not produced its output yet.");

    /// <summary>The output of a step if it finished (a partial run kept with KeepOnFailure).</summary>
    public bool TryOf<TOutput>(PlanStep<TOutput> step, out TOutput output) where TOutput : notnull
    {
        var found = _outputs.TryGetValue(step, out var value);
        output = found ? (TOutput)value! : default!;
        return found;
    }

    internal void Set<TOutput>(PlanStep<TOutput> step, TOutput output) where TOutput : notnull => _outputs[step] = output;
}

/// <summary>A deployment's plan: its steps in an order where every step comes after its dependencies.</summary>
public sealed record ProvisionPlan(IReadOnlyList<PlanStep> Steps)
{
    /// <summary>The sequential depth of the plan (number of round trips when every level runs in parallel).</summary>
    public int Depth => Steps.Count == 0 ? 0 : Steps.Max(LevelOf) + 1;

    private static int LevelOf(PlanStep step) => step.DependsOn.Count == 0 ? 0 : step.DependsOn.Max(LevelOf) + 1;
}
