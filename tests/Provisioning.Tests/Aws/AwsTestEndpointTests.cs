using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

public sealed class AwsTestEndpointTests
{
    [Fact]
    public void EndpointVariable_SwitchesToThatEndpointWithKeysAndRegionFromTheEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            [AwsTestEndpoint.EndpointVariable] = "http://127.0.0.1:4566",
            ["AWS_ACCESS_KEY_ID"] = "AKIDENV",
            ["AWS_SECRET_ACCESS_KEY"] = "env-secret",
            ["AWS_SESSION_TOKEN"] = "env-token",
            ["AWS_REGION"] = "eu-north-1",
        };

        var settings = AwsTestEndpoint.FromEnvironment(environment.GetValueOrDefault);

        Assert.NotNull(settings);
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), settings.Endpoint);
        Assert.Equal("eu-north-1", settings.Region);
        Assert.True(settings.IsExternal);
        var keys = settings.Credentials.GetCredentials();
        Assert.Equal("AKIDENV", keys.AccessKey);
        Assert.Equal("env-token", keys.Token);
    }

    [Fact]
    public void NoEndpointVariable_MeansTheLocalEndpoint()
    {
        Assert.Null(AwsTestEndpoint.FromEnvironment(_ => null));
    }

    [Fact]
    public void EndpointWithoutKeys_IsRejectedWithTheMissingVariablesNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsTestEndpoint.FromEnvironment(
            name => name == AwsTestEndpoint.EndpointVariable ? "http://127.0.0.1:4566" : null));

        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message);
    }

    [Fact]
    public async Task LocalEndpoint_ReceivesSignedCallsFromTheProductClients()
    {
        var fixture = new AwsTestEndpoint(_ => null);
        await fixture.InitializeAsync();
        try
        {
            Assert.False(fixture.Settings.IsExternal);
            Assert.NotNull(fixture.Fake);
            await using var services = fixture.CreateServices();
            await services.GetRequiredService<IAwsClients>().HttpApi(fixture.Settings.Region).GetApisAsync(new GetApisRequest());

            var request = Assert.Single(fixture.Fake.Requests);
            Assert.Contains("Credential=test/", request.Header("Authorization"));
            Assert.Equal(SigV4Verifier.ExpectedAuthorization(request, fixture.Settings.Endpoint, new BasicAWSCredentials("test", "test")),
                request.Header("Authorization"));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
