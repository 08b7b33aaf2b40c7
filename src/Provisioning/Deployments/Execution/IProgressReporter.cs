namespace SecureApi.Provisioning.Deployments.Execution;

/// <summary>The one way steps announce progress (the worker publishes it to <see cref="IDeploymentEvents"/>).</summary>
public interface IProgressReporter
{
    /// <summary>A step (create or delete) moved to <paramref name="state"/>.</summary>
    void Report(string step, StepState state);
}
