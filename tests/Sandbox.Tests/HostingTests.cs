using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureApi.Sandbox.Tests.TestSupport;

namespace SecureApi.Sandbox.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task AddSandbox_WhenEnabled_StartsTheSandboxWithTheHost_AndExposesItsEndpoint()
    {
        using var host = BuildHost(new() { ["Sandbox:Enabled"] = "true", ["Sandbox:Url"] = "http://127.0.0.1:0", ["Sandbox:AccessKey"] = "portal", ["Sandbox:SecretKey"] = "s3cret" });

        await host.StartAsync();
        var sandbox = host.Services.GetRequiredService<ISandboxEndpoint>();
        var endpoint = sandbox.Endpoint!;
        using var client = new AwsTestClient(endpoint, accessKey: "portal", secretKey: "s3cret");
        var reply = await client.CognitoAsync("ListUserPools", new { MaxResults = 5 });
        await host.StopAsync();

        Assert.True(sandbox.Enabled);
        Assert.Equal("127.0.0.1", endpoint.Host);
        Assert.EndsWith("/", endpoint.AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Null(sandbox.Server);
    }

    [Fact]
    public async Task AddSandbox_WhenDisabled_StartsNothing()
    {
        using var host = BuildHost(new() { ["Sandbox:Enabled"] = "false" });

        await host.StartAsync();
        var sandbox = host.Services.GetRequiredService<ISandboxEndpoint>();
        await host.StopAsync();

        Assert.False(sandbox.Enabled);
        Assert.Null(sandbox.Endpoint);
    }

    [Fact]
    public async Task AddSandbox_WithInvalidUrl_FailsAtStart_NamingTheSetting()
    {
        using var host = BuildHost(new() { ["Sandbox:Enabled"] = "true", ["Sandbox:Url"] = "https://example.com" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Sandbox", error.Message);
    }

    [Fact]
    public async Task StatePath_KeepsPoolsApisAndSigningKeys_AcrossRestarts()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sandbox-state-{Guid.NewGuid():N}.json");
        try
        {
            string poolId, apiId;
            await using (var first = await Sandboxes.StartAsync(o => o.StatePath = path))
            {
                using var client = new AwsTestClient(first.Endpoint);
                poolId = await CognitoPoolTests.CreatePoolAsync(client, "kept");
                await client.CognitoAsync("CreateResourceServer", new { UserPoolId = poolId, Identifier = "api", Name = "api", Scopes = new[] { new { ScopeName = "read", ScopeDescription = "r" } } });
                apiId = await ApiGatewayTests.CreateApiAsync(client, "kept");
                lock (first.State.Gate)
                {
                    first.State.Pools[poolId].SigningKeyJwk = """{"kid":"k1"}""";
                }
            }

            await using var second = await Sandboxes.StartAsync(o => o.StatePath = path);
            using var again = new AwsTestClient(second.Endpoint);
            var pool = await again.CognitoAsync("DescribeUserPool", new { UserPoolId = poolId });
            var api = await again.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}");

            Assert.Equal(HttpStatusCode.OK, pool.Status);
            Assert.Equal(HttpStatusCode.OK, api.Status);
            lock (second.State.Gate)
            {
                Assert.Equal("""{"kid":"k1"}""", second.State.Pools[poolId].SigningKeyJwk);
                Assert.Equal(("read", "r"), Assert.Single(second.State.Pools[poolId].ResourceServers["api"].Scopes));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task StatePath_WithCorruptFile_FailsToStart_NamingTheSetting()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sandbox-state-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{ not json");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Sandboxes.StartAsync(o => o.StatePath = path));

            Assert.Contains("Sandbox:StatePath", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSandbox();
        return builder.Build();
    }
}
