using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>
/// Two portal instances on one database: a page on one instance follows, live, the work the other does, through the
/// database-backed change feed and its own <see cref="IDeploymentEvents"/>. Run once per provider by the sealed classes
/// at the bottom (on SQLite the feed is switched on explicitly; it is off there by default).
/// </summary>
public abstract class ChangeFeedTests : SharedDatabaseTestBase
{
    private const string FeedInterval = "00:00:00.200";
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task DeploymentWorkedOnByAnotherInstance_ReachesThisInstancesSubscribers_StepByStepUntilActive()
    {
        var sandbox = Assert.IsType<SandboxAws>(Aws);
        var poolHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var routeHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The answers of two calls are held back, so the work stays at a known step until the other instance has seen it.
        sandbox.Server.Control.AfterOperation = operation => operation switch
        {
            "CreateUserPool" => poolHeld.Task,
            "CreateRoute" => routeHeld.Task,
            _ => Task.CompletedTask,
        };
        var a = await StartInstanceAsync("instance-a", FeedInterval);
        var b = await StartInstanceAsync("instance-b", FeedInterval);
        var seenOnA = Listen(a);
        var seenOnB = Listen(b);

        try
        {
            var created = await a.Service.CreateAsync(TestData.NewPoolSpec("followed-api"), EngineHost.Admin);
            // Either instance's worker may take it up; the page to watch is on the other one.
            var worker = await WaitForHolderAsync(created.Id);
            var (workerPage, otherPage) = worker == "instance-a" ? (seenOnA, seenOnB) : (seenOnB, seenOnA);

            await otherPage.WaitForAsync(c => c.DeploymentId == created.Id && c.State == DeploymentState.Provisioning && c.Step is not null,
                "the other instance never saw a step of the create while the pool call was in flight");
            poolHeld.TrySetResult();
            await otherPage.WaitForAsync(c => c.DeploymentId == created.Id && c.Step?.StartsWith("create-route:", StringComparison.Ordinal) == true,
                "the other instance never saw the route step start");
            routeHeld.TrySetResult();
            await otherPage.WaitForAsync(c => c.DeploymentId == created.Id && c.State == DeploymentState.Active,
                "the other instance never saw the deployment become Active");

            var details = await a.WaitForStateAsync(created.Id, DeploymentState.Active);
            await WaitUntilReleasedAsync(created.Id);
            var received = otherPage.Of(created.Id);
            // Each change of the row or of a journal step is announced at most once: no duplicates, and never more events
            // than there were changes (each journal entry starts and ends; the row was written at most four times).
            Assert.Equal(received.Count, received.Distinct().Count());
            Assert.InRange(received.Count, 3, (2 * details.Journal.Count) + 4);
            Assert.Contains(received, c => c.State == DeploymentState.Active && c.Step is null);
            // The instance that did the work announced it in-process, once: the feed did not echo it back after its claim ended.
            Assert.Single(workerPage.Of(created.Id), c => c.State == DeploymentState.Active && c.Step is null);
        }
        finally
        {
            poolHeld.TrySetResult();
            routeHeld.TrySetResult();
        }
    }

    [Fact]
    public async Task DeploymentWorkedOnByAnotherInstance_WithTheFeedOff_ReachesNoSubscriberOfThisInstance()
    {
        var a = await StartInstanceAsync("instance-a", "00:00:00");
        var b = await StartInstanceAsync("instance-b", "00:00:00");
        var seenOnA = Listen(a);
        var seenOnB = Listen(b);

        var created = await a.Service.CreateAsync(TestData.NewPoolSpec("unfollowed-api"), EngineHost.Admin);
        await a.WaitForStateAsync(created.Id, DeploymentState.Active);
        await WaitUntilReleasedAsync(created.Id);
        // Whichever instance did the work announced it in-process; the page to watch is on the other one.
        var workerPage = await EventLog.FirstToSeeAsync(c => c.DeploymentId == created.Id && c.State == DeploymentState.Active, seenOnA, seenOnB);
        var otherPage = workerPage == seenOnA ? seenOnB : seenOnA;
        // Ten intervals of the feed as the other tests run it: a feed left on would have spoken by now.
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Empty(otherPage.Of(created.Id));
    }

    [Fact]
    public async Task DeploymentThatDoesNotChange_ProducesNoEvents_WhileAnotherOneChanges()
    {
        var a = await StartInstanceAsync("instance-a", FeedInterval);
        var b = await StartInstanceAsync("instance-b", FeedInterval);
        var seenOnA = Listen(a);
        var seenOnB = Listen(b);
        var quiet = await a.Service.CreateAsync(TestData.NewPoolSpec("quiet-api"), EngineHost.Admin);
        await a.WaitForStateAsync(quiet.Id, DeploymentState.Active);
        await WaitUntilReleasedAsync(quiet.Id);
        foreach (var page in new[] { seenOnA, seenOnB })
        {
            await page.WaitForAsync(c => c.DeploymentId == quiet.Id && c.State == DeploymentState.Active, "an instance never saw the first deployment finish");
        }

        var quietOnA = Listen(a, quiet.Id);
        var quietOnB = Listen(b, quiet.Id);
        var busy = await b.Service.CreateAsync(TestData.NewPoolSpec("busy-api"), EngineHost.Admin);
        await b.WaitForStateAsync(busy.Id, DeploymentState.Active);
        await WaitUntilReleasedAsync(busy.Id);
        // Both instances have followed the second deployment to its end: their feeds have looked at the records many
        // times since the first one last changed.
        foreach (var page in new[] { seenOnA, seenOnB })
        {
            await page.WaitForAsync(c => c.DeploymentId == busy.Id && c.State == DeploymentState.Active, "an instance never saw the second deployment finish");
        }

        Assert.Empty(quietOnA.Of(quiet.Id));
        Assert.Empty(quietOnB.Of(quiet.Id));
    }

    private static EventLog Listen(EngineHost host, Guid? deploymentId = null)
    {
        var log = new EventLog();
        // Held for the life of the host, as a page's subscription is for the life of its circuit.
        _ = host.Services.GetRequiredService<IDeploymentEvents>().Subscribe(deploymentId, log.AddAsync);
        return log;
    }

    private Task<EngineHost> StartInstanceAsync(string instanceId, string feedInterval) =>
        StartInstanceAsync(instanceId, new Dictionary<string, string?>
        {
            ["Provisioning:LeaseDuration"] = "00:00:10",
            ["Provisioning:ChangeFeedInterval"] = feedInterval,
        });

    private async Task<string> WaitForHolderAsync(Guid id)
    {
        var deadline = DateTime.UtcNow + _wait;
        while (true)
        {
            await using var db = await OpenRecordsAsync();
            var holder = await db.Deployments.Where(d => d.Id == id && d.State == DeploymentState.Provisioning)
                .Select(d => d.ClaimedBy).SingleOrDefaultAsync();
            if (holder is not null)
            {
                return holder;
            }

            Assert.True(DateTime.UtcNow < deadline, "No instance started the create");
            await Task.Delay(50);
        }
    }

    // The worker frees the row right after its last write.
    private async Task WaitUntilReleasedAsync(Guid id)
    {
        var deadline = DateTime.UtcNow + _wait;
        while (true)
        {
            await using var db = await OpenRecordsAsync();
            var claim = await db.Deployments.Where(d => d.Id == id).Select(d => new { d.State, d.ClaimedBy }).SingleAsync();
            if (claim.ClaimedBy is null && claim.State == DeploymentState.Active)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The claim on {id} was never released: {claim}");
            await Task.Delay(20);
        }
    }

    /// <summary>What a page subscribed on one instance received, in arrival order.</summary>
    private sealed class EventLog
    {
        private readonly List<DeploymentChanged> _changes = [];

        public Task AddAsync(DeploymentChanged change)
        {
            lock (_changes)
            {
                _changes.Add(change);
            }

            return Task.CompletedTask;
        }

        public List<DeploymentChanged> Of(Guid id)
        {
            lock (_changes)
            {
                return [.. _changes.Where(c => c.DeploymentId == id)];
            }
        }

        public Task WaitForAsync(Func<DeploymentChanged, bool> seen, string failure) => FirstToSeeAsync(seen, failure, this);

        public static Task<EventLog> FirstToSeeAsync(Func<DeploymentChanged, bool> seen, params EventLog[] logs) =>
            FirstToSeeAsync(seen, "no instance announced the change", logs);

        private static async Task<EventLog> FirstToSeeAsync(Func<DeploymentChanged, bool> seen, string failure, params EventLog[] logs)
        {
            var deadline = DateTime.UtcNow + _wait;
            while (true)
            {
                foreach (var log in logs)
                {
                    lock (log._changes)
                    {
                        if (log._changes.Any(seen))
                        {
                            return log;
                        }
                    }
                }

                Assert.True(DateTime.UtcNow < deadline, failure);
                await Task.Delay(20);
            }
        }
    }
}

public sealed class SqliteChangeFeedTests : ChangeFeedTests
{
    protected override RecordsProvider Provider => RecordsProvider.Sqlite;
}

public sealed class PostgresChangeFeedTests : ChangeFeedTests
{
    protected override RecordsProvider Provider => RecordsProvider.Postgres;
}

/// <summary>When the change feed runs unless told otherwise, and which settings refuse to start.</summary>
public sealed class ChangeFeedOptionsTests
{
    [Fact]
    public void Interval_Unset_IsTwoSecondsOnPostgres_AndOffOnSqlite()
    {
        var options = new ProvisioningOptions();

        Assert.Equal(TimeSpan.FromSeconds(2), options.ChangeFeedIntervalFor(RecordsProvider.Postgres));
        Assert.Equal(TimeSpan.Zero, options.ChangeFeedIntervalFor(RecordsProvider.Sqlite));
    }

    [Fact]
    public void Interval_SetExplicitly_WinsOverTheProviderDefault()
    {
        Assert.Equal(TimeSpan.Zero, new ProvisioningOptions { ChangeFeedInterval = TimeSpan.Zero }.ChangeFeedIntervalFor(RecordsProvider.Postgres));
        Assert.Equal(TimeSpan.FromSeconds(1), new ProvisioningOptions { ChangeFeedInterval = TimeSpan.FromSeconds(1) }.ChangeFeedIntervalFor(RecordsProvider.Sqlite));
    }

    [Theory]
    [InlineData("00:00:00.050")]
    [InlineData("00:30:00")]
    [InlineData("-00:00:01")]
    public void Interval_OutOfRange_FailsNamingTheSetting(string interval)
    {
        var error = Assert.Throws<OptionsValidationException>(() => OptionsWith(interval));

        Assert.Contains("ChangeFeedInterval", error.Message);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.100")]
    [InlineData("00:00:05")]
    public void Interval_OffOrInRange_IsAccepted(string interval) =>
        Assert.Equal(TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), OptionsWith(interval).ChangeFeedInterval);

    private static ProvisioningOptions OptionsWith(string interval)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Records:DataDirectory"] = Path.GetTempPath(),
            ["Provisioning:ChangeFeedInterval"] = interval,
        });
        builder.AddProvisioning();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<ProvisioningOptions>>().Value;
    }
}
