using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;

namespace SecureApi.Provisioning.Deployments.Recovery;

/// <summary>What a search for an interrupted app client create found in a kept pool: the clients that could be ours, by id.</summary>
internal sealed record ClientSearch(string Pool, IReadOnlyList<string> Candidates, bool OtherCreateInFlight)
{
    /// <summary>The client to record and remove: only when exactly one fits and nobody else may have made it.</summary>
    public string? Ours => Candidates.Count == 1 && !OtherCreateInFlight ? Candidates[0] : null;
}

/// <summary>
/// Finds the app client an interrupted <c>CreateUserPoolClient</c> may have made in a pool SecureApi did not create.
/// App clients carry no tags, and the pool is the person's own, so a client counts as ours only when every sign fits:
/// the planned name, no deployment has it in its records, and Cognito created it at or after the attempt began.
/// Anything less certain is reported, never deleted.
/// </summary>
internal static class UntaggedClientFinder
{
    /// <summary>How far SecureApi's clock and Cognito's may disagree when comparing creation time with the attempt.</summary>
    public static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(2);

    public static async Task<List<string>> CandidatesAsync(
        ICognitoClient cognito, string poolId, string clientName, DateTimeOffset attemptStartedAt,
        IReadOnlySet<string> recordedClientIds, CancellationToken cancellationToken)
    {
        var named = new List<string>();
        await foreach (var client in cognito.ListAllUserPoolClientsAsync(poolId, cancellationToken))
        {
            if (client.ClientId is { } id && client.ClientName == clientName && !recordedClientIds.Contains(id))
            {
                named.Add(id);
            }
        }

        // The list carries no dates: each remaining client is described for its creation time.
        var candidates = new List<string>();
        foreach (var id in named)
        {
            try
            {
                var described = await cognito.DescribeUserPoolClientAsync(new() { UserPoolId = poolId, ClientId = id }, cancellationToken);
                if (described.UserPoolClient?.CreationDate is { } created && created >= attemptStartedAt - ClockAllowance)
                {
                    candidates.Add(id);
                }
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Deleted between the list and the describe: nothing to clean up.
            }
        }

        return candidates;
    }
}
