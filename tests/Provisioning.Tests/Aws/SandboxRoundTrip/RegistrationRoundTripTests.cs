using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>Registering the clients twice (e.g. the host and a library both call it) must not change how a call travels.</summary>
public sealed class RegistrationRoundTripTests(InProcessSandbox sandbox) : IClassFixture<InProcessSandbox>
{
    [Fact]
    public async Task AddAwsClientsTwice_SendsEachCallOnce_WithOneAttemptAndTheLaterSettings()
    {
        await using var services = sandbox.Endpoint.CreateServices(
            options => options.ListPageSize = 1,
            collection => collection.AddAwsClients(options => options.ListPageSize = 2));
        var recorder = services.GetRequiredService<AwsCallRecorder>();
        var api = services.GetRequiredService<IAwsClients>().HttpApi(sandbox.Endpoint.Settings.Region);
        sandbox.Control.ResetCounters();

        var request = new CreateApiRequest { Name = RoundTripSession.UniqueName("twice") };
        var created = await api.CreateApiAsync(request);
        await api.DeleteApiAsync(new DeleteApiRequest { ApiId = created.ApiId! });

        Assert.True(recorder.TryGetCall(request, out var call));
        Assert.Equal(1, call.Attempts);
        Assert.Equal(1, sandbox.Control.CallCount("CreateApi"));
        // Both configuration steps apply, in registration order: the endpoint's own call came last.
        Assert.Equal(1, services.GetRequiredService<IOptions<AwsClientOptions>>().Value.ListPageSize);
    }
}
