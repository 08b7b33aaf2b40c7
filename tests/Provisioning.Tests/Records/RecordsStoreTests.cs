using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Tests.Records;

/// <summary>The record store's behaviour, run once per provider by the sealed classes at the bottom.</summary>
public abstract class RecordsStoreTests(RecordsFixture fixture)
{
    private static readonly DateTimeOffset _t0 = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private IDbContextFactory<RecordsDbContext> Contexts => fixture.Contexts;

    private static Deployment NewDeployment(string name, string owner = "alice", DateTimeOffset? createdAt = null) => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        Region = "us-east-1",
        SpecJson = """{"region":"us-east-1","api":{"name":"users-api"}}""",
        OwnerId = owner,
        OwnerName = owner + " (display)",
        State = DeploymentState.Pending,
        CreatedAt = createdAt ?? _t0,
        UpdatedAt = createdAt ?? _t0,
        RouteKeys = "GET /users/{userId}",
    };

    [Fact]
    public async Task SaveAndLoad_DeploymentWithResourcesAndJournal_RoundTripsEveryField()
    {
        var deployment = NewDeployment("roundtrip-" + Guid.NewGuid().ToString("N"));
        deployment.State = DeploymentState.Active;
        // A non-UTC offset: the instant must survive on both providers (Npgsql refuses non-UTC offsets unless converted).
        deployment.StartedAt = new DateTimeOffset(2026, 3, 14, 11, 27, 0, TimeSpan.FromHours(2));
        deployment.CompletedAt = _t0.AddSeconds(4.5);
        deployment.InvokeUrl = "https://abc123.execute-api.us-east-1.amazonaws.com";
        deployment.Issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyZ";
        deployment.Audience = "7abc1client";
        deployment.UserPoolId = "us-east-1_AbC123xyZ";
        deployment.RouteKeys = "GET /users/{userId}\nPOST /users";
        deployment.Resources.Add(new DeploymentResource
        {
            Kind = ResourceKind.UserPool, AwsId = "us-east-1_AbC123xyZ", Name = "users", CreatedByUs = true, CreatedAt = _t0,
            Arn = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_AbC123xyZ",
        });
        deployment.Resources.Add(new DeploymentResource
        {
            Kind = ResourceKind.Route, AwsId = "r0ute1", ParentId = "abc123", Name = "GET /users/{userId}",
            CreatedByUs = true, CreatedAt = _t0, DeletedAt = _t0.AddMinutes(3),
        });
        deployment.Journal.Add(new JournalEntry
        {
            Step = "create-user-pool", Operation = "CreateUserPool", State = StepState.Succeeded,
            StartedAt = _t0, EndedAt = _t0.AddMilliseconds(250), AwsRequestId = "req-1", ResourceId = "us-east-1_AbC123xyZ",
        });
        deployment.Journal.Add(new JournalEntry
        {
            Step = "create-route:GET /users/{userId}", Operation = "CreateRoute", State = StepState.Failed,
            StartedAt = _t0.AddSeconds(1), Error = "Too many requests; retried 3 times.",
        });
        await using (var write = await Contexts.CreateDbContextAsync())
        {
            write.Deployments.Add(deployment);
            await write.SaveChangesAsync();
        }

        await using var read = await Contexts.CreateDbContextAsync();
        var loaded = await read.Deployments
            .Include(d => d.Resources)
            .Include(d => d.Journal)
            .SingleAsync(d => d.Id == deployment.Id);

        Assert.Equal(deployment.Name, loaded.Name);
        Assert.Equal(DeploymentState.Active, loaded.State);
        Assert.Equal(deployment.SpecJson, loaded.SpecJson);
        Assert.Equal(deployment.StartedAt, loaded.StartedAt);
        Assert.Equal(deployment.CompletedAt, loaded.CompletedAt);
        Assert.Equal(deployment.CreatedAt, loaded.CreatedAt);
        Assert.Null(loaded.LastVerifiedAt);
        Assert.Equal(deployment.InvokeUrl, loaded.InvokeUrl);
        Assert.Equal(deployment.Issuer, loaded.Issuer);
        Assert.Equal(deployment.Audience, loaded.Audience);
        Assert.Equal(deployment.RouteKeys, loaded.RouteKeys);
        Assert.NotEqual(Guid.Empty, loaded.Version);
        Assert.Equal(
            [(ResourceKind.Route, "r0ute1", "abc123", (DateTimeOffset?)_t0.AddMinutes(3)), (ResourceKind.UserPool, "us-east-1_AbC123xyZ", null, null)],
            loaded.Resources.OrderBy(r => r.AwsId, StringComparer.Ordinal).Select(r => (r.Kind, r.AwsId, r.ParentId, r.DeletedAt)));
        var journal = loaded.Journal.OrderBy(j => j.StartedAt).ToList();
        Assert.Equal(["create-user-pool", "create-route:GET /users/{userId}"], journal.Select(j => j.Step));
        Assert.Equal([StepState.Succeeded, StepState.Failed], journal.Select(j => j.State));
        Assert.Equal("req-1", journal[0].AwsRequestId);
        Assert.Equal(_t0.AddMilliseconds(250), journal[0].EndedAt);
        Assert.Equal("Too many requests; retried 3 times.", journal[1].Error);
    }

    [Fact]
    public async Task Enums_AreStoredAsTheirNames_SoTheDatabaseReadsWithoutTheApp()
    {
        var deployment = NewDeployment("enums-" + Guid.NewGuid().ToString("N"));
        deployment.State = DeploymentState.RollingBack;
        deployment.Resources.Add(new DeploymentResource { Kind = ResourceKind.Authorizer, AwsId = "auth1", CreatedAt = _t0 });
        deployment.Journal.Add(new JournalEntry { Step = "s", Operation = "CreateAuthorizer", State = StepState.Skipped, StartedAt = _t0 });
        var run = new VerificationRun { Id = Guid.NewGuid(), DeploymentId = deployment.Id, StartedAt = _t0, Outcome = VerificationOutcome.Fail };
        var audit = new AuditEntry { At = _t0, ActorId = "a", ActorName = "A", Action = deployment.Name, Outcome = AuditOutcome.Denied };
        await using var context = await Contexts.CreateDbContextAsync();
        context.Deployments.Add(deployment);
        context.VerificationRuns.Add(run);
        context.AuditEntries.Add(audit);
        await context.SaveChangesAsync();

        Assert.Equal("RollingBack", await ScalarAsync(context, """SELECT "State" FROM "Deployments" WHERE "Name" = @p""", deployment.Name));
        Assert.Equal("Authorizer", await ScalarAsync(context, """SELECT "Kind" FROM "Resources" WHERE "AwsId" = @p""", "auth1"));
        Assert.Equal("Skipped", await ScalarAsync(context, """SELECT "State" FROM "Journal" WHERE "Operation" = @p""", "CreateAuthorizer"));
        Assert.Equal("Denied", await ScalarAsync(context, """SELECT "Outcome" FROM "AuditEntries" WHERE "Action" = @p""", deployment.Name));
        Assert.Equal("Fail", await ScalarAsync(context,
            """SELECT r."Outcome" FROM "VerificationRuns" r JOIN "Deployments" d ON d."Id" = r."DeploymentId" WHERE d."Name" = @p""", deployment.Name));
    }

    [Fact]
    public async Task Paging_SortedByCreatedAt_RunsInTheDatabaseAndOrdersByInstant()
    {
        var owner = "pager-" + Guid.NewGuid().ToString("N");
        // Alternate offsets so that ordering by local clock text would be wrong: the instant is what counts.
        var deployments = Enumerable.Range(0, 25)
            .Select(i => NewDeployment($"d{i:00}", owner, _t0.AddMinutes(i * 7).ToOffset(TimeSpan.FromHours(i % 2 == 0 ? 0 : -5))))
            .OrderBy(_ => Guid.NewGuid())
            .ToList();
        await using (var write = await Contexts.CreateDbContextAsync())
        {
            write.Deployments.AddRange(deployments);
            await write.SaveChangesAsync();
        }

        await using var read = await Contexts.CreateDbContextAsync();
        var page = read.Deployments
            .Where(d => d.OwnerId == owner && d.CreatedAt >= _t0.AddMinutes(7))
            .OrderByDescending(d => d.CreatedAt)
            .Skip(5)
            .Take(10)
            .Select(d => d.Name);
        var sql = page.ToQueryString();
        var names = await page.ToListAsync();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"d{19 - i:00}"), names);
        Assert.Contains("ORDER BY", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("LIMIT", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(24, await read.Deployments.CountAsync(d => d.OwnerId == owner && d.CreatedAt >= _t0.AddMinutes(7)));
    }

    [Fact]
    public async Task Update_FromTwoContextsHoldingTheSameVersion_SecondGetsConcurrencyException()
    {
        var deployment = NewDeployment("race-" + Guid.NewGuid().ToString("N"));
        await using (var seed = await Contexts.CreateDbContextAsync())
        {
            seed.Deployments.Add(deployment);
            await seed.SaveChangesAsync();
        }

        await using var first = await Contexts.CreateDbContextAsync();
        await using var second = await Contexts.CreateDbContextAsync();
        var mine = await first.Deployments.SingleAsync(d => d.Id == deployment.Id);
        var theirs = await second.Deployments.SingleAsync(d => d.Id == deployment.Id);
        mine.State = DeploymentState.Deleting;
        await first.SaveChangesAsync();
        theirs.State = DeploymentState.Deleting;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = await Contexts.CreateDbContextAsync();
        var stored = await check.Deployments.SingleAsync(d => d.Id == deployment.Id);
        Assert.Equal(mine.Version, stored.Version);
        Assert.Equal(DeploymentState.Deleting, stored.State);
    }

    [Fact]
    public async Task SaveChanges_ModifiedDeployment_GetsNewVersion_UnchangedKeepsIt()
    {
        var deployment = NewDeployment("version-" + Guid.NewGuid().ToString("N"));
        await using var context = await Contexts.CreateDbContextAsync();
        context.Deployments.Add(deployment);
        await context.SaveChangesAsync();
        var created = deployment.Version;

        await context.SaveChangesAsync();
        var afterNoChange = deployment.Version;
        deployment.State = DeploymentState.Provisioning;
        await context.SaveChangesAsync();

        Assert.NotEqual(Guid.Empty, created);
        Assert.Equal(created, afterNoChange);
        Assert.NotEqual(created, deployment.Version);
    }

    [Fact]
    public async Task AuditAndVerificationHistory_SaveAndLoad()
    {
        var deployment = NewDeployment("verified-" + Guid.NewGuid().ToString("N"));
        var run = new VerificationRun
        {
            Id = Guid.NewGuid(), DeploymentId = deployment.Id, StartedAt = _t0, CompletedAt = _t0.AddSeconds(2),
            Outcome = VerificationOutcome.Pass, Note = "Waited 3 s for the new stage to serve.",
            Checks =
            [
                new() { Route = "GET /users/{userId}", Check = "no-token", Expected = "401", Status = 401, Passed = true, LatencyMs = 12, At = _t0 },
                new() { Route = "GET /users/{userId}", Check = "access-token", Expected = "not 401/403", Status = null, Passed = false, LatencyMs = 30000, At = _t0.AddSeconds(1), Detail = "no response" },
            ],
        };
        var audit = new AuditEntry
        {
            At = _t0, ActorId = "alice", ActorName = "Alice", Action = "deployment.verify", DeploymentId = deployment.Id,
            Outcome = AuditOutcome.Succeeded, Detail = "Pass", RemoteAddress = "2001:db8::1",
        };
        await using (var write = await Contexts.CreateDbContextAsync())
        {
            write.Deployments.Add(deployment);
            write.VerificationRuns.Add(run);
            write.AuditEntries.Add(audit);
            await write.SaveChangesAsync();
        }

        await using var read = await Contexts.CreateDbContextAsync();
        var loadedRun = await read.VerificationRuns.Include(r => r.Checks).SingleAsync(r => r.DeploymentId == deployment.Id);
        var loadedAudit = await read.AuditEntries.SingleAsync(a => a.DeploymentId == deployment.Id);

        Assert.Equal(VerificationOutcome.Pass, loadedRun.Outcome);
        Assert.Equal(run.Note, loadedRun.Note);
        Assert.Equal(_t0.AddSeconds(2), loadedRun.CompletedAt);
        Assert.Equal([("no-token", (int?)401, true), ("access-token", null, false)],
            loadedRun.Checks.OrderBy(c => c.At).Select(c => (c.Check, c.Status, c.Passed)));
        Assert.Equal(("alice", "deployment.verify", AuditOutcome.Succeeded, "2001:db8::1"),
            (loadedAudit.ActorId, loadedAudit.Action, loadedAudit.Outcome, loadedAudit.RemoteAddress));
    }

    [Fact]
    public async Task Migrations_OnAnEmptyDatabase_ApplyEverythingAndCanRunAgain()
    {
        await using var database = await TestDatabase.CreateAsync(fixture.Provider);
        await using var services = RecordsFixture.BuildServices(database.Options);

        await services.MigrateRecordsAsync();
        await services.MigrateRecordsAsync();

        var factory = services.GetRequiredService<IDbContextFactory<RecordsDbContext>>();
        await using var context = await factory.CreateDbContextAsync();
        var known = context.Database.GetMigrations().ToList();
        Assert.NotEmpty(known);
        Assert.Equal(known, await context.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        context.AuditEntries.Add(new AuditEntry { At = _t0, ActorId = "system", ActorName = "SecureApi", Action = "start" });
        await context.SaveChangesAsync();
        Assert.Equal(1, await context.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Model_MatchesTheCheckedInMigrations()
    {
        await using var context = await Contexts.CreateDbContextAsync();

        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {fixture.Provider} model has changes without a migration; add one with dotnet ef (src/Provisioning/Records/README.md).");
    }

    private static async Task<string?> ScalarAsync(RecordsDbContext context, string sql, string parameter)
    {
        var connection = context.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await context.Database.OpenConnectionAsync();
        }
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.CreateParameter();
        p.ParameterName = "p";
        p.Value = parameter;
        command.Parameters.Add(p);
        return (string?)await command.ExecuteScalarAsync();
    }
}

public sealed class SqliteRecordsStoreTests(SqliteRecordsFixture fixture)
    : RecordsStoreTests(fixture), IClassFixture<SqliteRecordsFixture>;

public sealed class PostgresRecordsStoreTests(PostgresRecordsFixture fixture)
    : RecordsStoreTests(fixture), IClassFixture<PostgresRecordsFixture>;
