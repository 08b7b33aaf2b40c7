using SecureApi.Provisioning.Aws;

namespace SecureApi.Provisioning.Deployments.Execution;

/// <summary>
/// Catches the AWS request id of the call a step makes, for the journal. The clients call their listeners on the
/// caller's flow, so an <see cref="AsyncLocal{T}"/> scope opened by the executor around one step sees exactly that
/// step's call, however many steps run in parallel.
/// </summary>
internal sealed class StepCallTracker : IAwsCallListener
{
    private static readonly AsyncLocal<StepCallScope?> Current = new();

    /// <summary>Opens the scope for the step running on this flow.</summary>
    public static StepCallScope Begin() => Current.Value = new StepCallScope();

    public void OnCallCompleted(object request, AwsCall call)
    {
        if (Current.Value is { } scope)
        {
            scope.RequestId = call.RequestId;
        }
    }
}

/// <summary>The request id of the last call made inside one step's scope.</summary>
internal sealed class StepCallScope
{
    public string? RequestId { get; set; }
}
