using SecureApi.Provisioning.Deployments.Planning;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments;

/// <summary>Turns records into what the portal shows.</summary>
internal static class DeploymentMapping
{
    public static DeploymentDetails ToDetails(Deployment d)
    {
        var alive = d.Resources.Where(r => r.DeletedAt is null).ToList();
        string? IdOf(ResourceKind kind) => alive.FirstOrDefault(r => r.Kind == kind)?.AwsId;
        var routeIds = alive.Where(r => r.Kind == ResourceKind.Route && r.Name is not null)
            .GroupBy(r => r.Name!).ToDictionary(g => g.Key, g => g.First().AwsId);
        var spec = SpecJson.Deserialize(d.SpecJson);
        return new DeploymentDetails
        {
            Id = d.Id,
            Name = d.Name,
            State = d.State,
            Region = d.Region,
            Spec = spec,
            OwnerId = d.OwnerId,
            OwnerName = d.OwnerName,
            CreatedAt = d.CreatedAt,
            StartedAt = d.StartedAt,
            CompletedAt = d.CompletedAt,
            InvokeUrl = d.InvokeUrl,
            Issuer = d.Issuer,
            Audience = d.Audience,
            UserPoolId = d.UserPoolId ?? IdOf(ResourceKind.UserPool),
            ClientId = IdOf(ResourceKind.UserPoolClient),
            ApiId = IdOf(ResourceKind.Api),
            AuthorizerId = IdOf(ResourceKind.Authorizer),
            IntegrationId = IdOf(ResourceKind.Integration),
            StageName = alive.Any(r => r.Kind == ResourceKind.Stage) ? CreateStageStep.StageName : null,
            Routes = [.. RouteKeys(d).Select(k => new RouteInfo(k, routeIds.GetValueOrDefault(k)))],
            Resources = [.. d.Resources.Select(ToInfo)],
            Journal = [.. d.Journal.OrderBy(j => j.Id).Select(j =>
                new JournalInfo(j.Step, j.Operation, j.State, j.StartedAt, j.EndedAt, j.AwsRequestId, j.ResourceId, j.Error))],
            Error = d.Error,
            DriftDetails = d.DriftDetails,
            LastDriftCheckAt = d.LastDriftCheckAt,
            LastVerifiedAt = d.LastVerifiedAt,
            LastVerificationOutcome = d.LastVerificationOutcome,
        };
    }

    public static ResourceInfo ToInfo(DeploymentResource r) => new(r.Kind, r.AwsId, r.Arn, r.Name, r.CreatedByUs, r.DeletedAt is not null);

    public static IReadOnlyList<string> RouteKeys(Deployment d) =>
        d.RouteKeys.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
