using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;
using static SecureApi.Provisioning.Verification.VerificationCheckNames;

namespace SecureApi.Provisioning.Verification;

/// <summary>
/// Sends one run's checks. The first check is retried with backoff for at most
/// <see cref="VerificationOptions.FirstCheckWait"/> while the stage does not serve yet (no answer, 404 or 5xx), as a new
/// stage on real AWS can take seconds; the run records how long it waited. Routes are then checked a few at a time.
/// </summary>
internal sealed class VerificationRunner(ApiProbe probe, IOptions<VerificationOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    public async Task<VerificationRun> RunAsync(Deployment deployment, Uri invokeUrl, RunTokens tokens, CancellationToken cancellationToken)
    {
        var run = new VerificationRun
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            DeploymentId = deployment.Id,
            StartedAt = clock.GetUtcNow(),
            Outcome = VerificationOutcome.Running,
        };
        var routes = DeploymentKeys(deployment).Select(RouteSample.For).OfType<RouteSample>().ToList();
        if (routes.Count == 0)
        {
            throw new ProvisioningException("This deployment has no routes on record; there is nothing to verify.");
        }

        var (first, waited, attempts) = await FirstCheckAsync(routes[0], invokeUrl, cancellationToken);
        var perRoute = new List<VerificationCheck>[routes.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, routes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelRoutes, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var route = routes[index];
                var noToken = index == 0 ? first : VerificationChecks.Judge(route.RouteKey, NoToken, VerificationChecks.ExpectUnauthorized,
                    await probe.SendAsync(route, invokeUrl, null, ct));
                var checks = new List<VerificationCheck> { noToken };
                // A route that answers without any token has no authorizer in front of it: that one failure is the
                // finding, and a bad token getting through as well would only repeat it.
                var unprotected = !noToken.Passed && noToken.Status is { } status && status != 403 && status != 404;
                foreach (var (check, expected, token, notApplicable, notRun) in VerificationChecks.Plan(tokens))
                {
                    if (unprotected && expected == VerificationChecks.ExpectUnauthorized)
                    {
                        checks.Add(VerificationChecks.NotApplicable(route.RouteKey, check, expected,
                            "the route answers without any token (see the no-token check), so a bad token proves nothing more.", clock.GetUtcNow()));
                    }
                    else if (notApplicable is not null)
                    {
                        checks.Add(VerificationChecks.NotApplicable(route.RouteKey, check, expected, notApplicable, clock.GetUtcNow()));
                    }
                    else if (token is null)
                    {
                        checks.Add(VerificationChecks.NotRun(route.RouteKey, check, expected, notRun ?? "no token.", clock.GetUtcNow()));
                    }
                    else
                    {
                        checks.Add(VerificationChecks.Judge(route.RouteKey, check, expected, await probe.SendAsync(route, invokeUrl, token, ct)));
                    }
                }

                perRoute[index] = checks;
            });

        run.Checks = [.. perRoute.SelectMany(c => c)];
        run.CompletedAt = clock.GetUtcNow();
        run.WaitedMs = (long)waited.TotalMilliseconds;
        run.Outcome = run.Checks.Where(c => c.Applicable).All(c => c.Passed) ? VerificationOutcome.Pass : VerificationOutcome.Fail;
        run.Note = NoteOf(waited, attempts, first, tokens);
        return run;
    }

    private async Task<(VerificationCheck Check, TimeSpan Waited, int Attempts)> FirstCheckAsync(RouteSample route, Uri invokeUrl, CancellationToken cancellationToken)
    {
        var limit = options.Value.FirstCheckWait;
        var watch = Stopwatch.StartNew();
        var backoff = FirstBackoff;
        var attempts = 1;
        var result = await probe.SendAsync(route, invokeUrl, null, cancellationToken);
        while (NotServingYet(result) && watch.Elapsed < limit)
        {
            var pause = backoff < limit - watch.Elapsed ? backoff : limit - watch.Elapsed;
            await Task.Delay(pause, clock, cancellationToken);
            backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            attempts++;
            result = await probe.SendAsync(route, invokeUrl, null, cancellationToken);
        }

        var waited = attempts > 1 ? watch.Elapsed - TimeSpan.FromMilliseconds(result.LatencyMs) : TimeSpan.Zero;
        return (VerificationChecks.Judge(route.RouteKey, NoToken, VerificationChecks.ExpectUnauthorized, result), waited < TimeSpan.Zero ? TimeSpan.Zero : waited, attempts);
    }

    // What a stage that is not serving yet answers; a route without its authorizer (200) is not waited for.
    private static bool NotServingYet(ProbeResult result) => result.Status is null or 404 or >= 500;

    private static string? NoteOf(TimeSpan waited, int attempts, VerificationCheck first, RunTokens tokens)
    {
        var notes = new List<string>();
        if (attempts > 1)
        {
            notes.Add(first.Passed
                ? string.Create(CultureInfo.InvariantCulture, $"Waited {waited.TotalSeconds:0.0} s ({attempts} attempts) for the stage to start serving before the first check.")
                : string.Create(CultureInfo.InvariantCulture, $"Waited {waited.TotalSeconds:0.0} s ({attempts} attempts) for the stage to start serving; it still did not answer as expected."));
        }

        if (tokens.MissingTokenReason is { } missing)
        {
            notes.Add($"Checks with a token were not run: {missing}");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    private static IEnumerable<string> DeploymentKeys(Deployment deployment) =>
        deployment.RouteKeys.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
