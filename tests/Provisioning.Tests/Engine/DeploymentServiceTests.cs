using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Tests.Engine;

public sealed class DeploymentServiceTests : EngineTestBase
{
    private static readonly Caller Olga = new("olga", "Olga Operator", CallerRole.Operator);
    private static readonly Caller Otto = new("otto", "Otto Operator", CallerRole.Operator);
    private static readonly Caller Vera = new("vera", "Vera Viewer", CallerRole.Viewer);

    [Fact]
    public async Task Viewer_CannotCreate_ButCanRead()
    {
        var host = await StartHostAsync();
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.CreateAsync(TestData.NewPoolSpec(), Vera));
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(), Olga);

        Assert.NotNull(await host.Service.GetAsync(created.Id, Vera));
        Assert.Single((await host.Service.ListAsync(new DeploymentQuery(), Vera)).Items);
    }

    [Fact]
    public async Task Operator_CannotDeleteOrCheckAnothersDeployment_OwnerAndAdminCan()
    {
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(), Olga);
        await host.WaitForStateAsync(created.Id, DeploymentState.Active);

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.DeleteAsync(created.Id, Otto));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.CheckDriftAsync(created.Id, Otto));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.DeleteAsync(created.Id, Vera));
        Assert.Equal(DeploymentState.Active, (await host.Service.GetAsync(created.Id, Olga))!.State);
        Assert.DoesNotContain("DeleteApi", Aws.Calls);

        Assert.Equal(DeploymentState.Active, (await host.Service.CheckDriftAsync(created.Id, Olga)).State);
        await host.Service.DeleteAsync(created.Id, EngineHost.Admin);
        await host.WaitForStateAsync(created.Id, DeploymentState.Deleted);
    }

    [Fact]
    public async Task List_PagesFiltersAndSortsInTheDatabase()
    {
        var host = await StartHostAsync();
        var factory = host.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var db = await factory.CreateDbContextAsync())
        {
            for (var i = 0; i < 30; i++)
            {
                db.Deployments.Add(new Deployment
                {
                    Id = Guid.NewGuid(),
                    Name = $"api-{i:00}",
                    Region = i % 2 == 0 ? "us-east-1" : "eu-west-1",
                    OwnerId = "olga",
                    OwnerName = "Olga Operator",
                    State = i < 5 ? DeploymentState.Deleted : i < 10 ? DeploymentState.Failed : DeploymentState.Active,
                    CreatedAt = start.AddMinutes(i),
                    UpdatedAt = start.AddMinutes(i),
                    RouteKeys = i == 17 ? "GET /special/{id}" : "GET /x",
                    Version = Guid.NewGuid(),
                });
            }

            await db.SaveChangesAsync();
        }

        var firstPage = await host.Service.ListAsync(new DeploymentQuery { Take = 10 }, Vera);
        Assert.Equal(25, firstPage.TotalCount);
        Assert.Equal(["api-29", "api-28", "api-27"], firstPage.Items.Take(3).Select(i => i.Name));
        var thirdPage = await host.Service.ListAsync(new DeploymentQuery { Skip = 20, Take = 10 }, Vera);
        Assert.Equal(5, thirdPage.Items.Count);

        var failed = await host.Service.ListAsync(new DeploymentQuery { State = DeploymentState.Failed }, Vera);
        Assert.Equal(5, failed.TotalCount);
        Assert.Equal(30, (await host.Service.ListAsync(new DeploymentQuery { IncludeDeleted = true, Take = 100 }, Vera)).TotalCount);

        var byRoute = await host.Service.ListAsync(new DeploymentQuery { Text = "SPECIAL" }, Vera);
        Assert.Equal("api-17", Assert.Single(byRoute.Items).Name);
        var byRegion = await host.Service.ListAsync(new DeploymentQuery { Text = "eu-west", SortBy = "name", Descending = false }, Vera);
        Assert.Equal(13, byRegion.TotalCount);
        Assert.Equal("api-05", byRegion.Items[0].Name);
    }

    [Fact]
    public async Task Retry_OfRolledBackDeployment_CreatesANewDeploymentWithTheSameSpec()
    {
        Aws.FailCall("CreateStage", 1, "BadRequestException", System.Net.HttpStatusCode.BadRequest, "Stage name taken");
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(), Olga);
        await host.WaitForStateAsync(created.Id, DeploymentState.RolledBack);

        var retried = await host.Service.RetryAsync(created.Id, Olga);
        var active = await host.WaitForStateAsync(retried.Id, DeploymentState.Active);

        Assert.NotEqual(created.Id, retried.Id);
        Assert.Equal(created.Spec.Routes, active.Spec.Routes);
    }
}
