using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Components.Dashboard;

/// <summary>What the dashboard is filtered by; deleted deployments are hidden unless asked for.</summary>
public sealed record DashboardFilter(DeploymentState? State = null, string? Text = null, bool ShowDeleted = false);
