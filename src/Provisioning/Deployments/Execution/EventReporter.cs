namespace SecureApi.Provisioning.Deployments.Execution;

/// <summary>Publishes each step's progress for one deployment, so a page can follow it live.</summary>
internal sealed class EventReporter(DeploymentEvents events, Guid deploymentId, DeploymentState state, TimeProvider clock) : IProgressReporter
{
    public void Report(string step, StepState stepState) =>
        events.Publish(new DeploymentChanged(deploymentId, state, step, stepState, clock.GetUtcNow()));
}
