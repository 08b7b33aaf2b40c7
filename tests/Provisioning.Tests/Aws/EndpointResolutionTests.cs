using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Aws;

public sealed class EndpointResolutionTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Theory]
    [InlineData("us-east-1", "https://cognito-idp.us-east-1.amazonaws.com/", "https://apigateway.us-east-1.amazonaws.com/")]
    [InlineData("eu-west-1", "https://cognito-idp.eu-west-1.amazonaws.com/", "https://apigateway.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://cognito-idp.cn-north-1.amazonaws.com.cn/", "https://apigateway.cn-north-1.amazonaws.com.cn/")]
    public void WithoutOverrides_UsesTheRegionalHostOfThePartition(string region, string cognito, string apiGateway)
    {
        var resolver = new AwsEndpointResolver(new AwsClientOptions(), NoEnvironment);

        Assert.Equal(cognito, resolver.Resolve(AwsServiceInfo.Cognito, region).ToString());
        Assert.Equal(apiGateway, resolver.Resolve(AwsServiceInfo.ApiGateway, region).ToString());
    }

    [Fact]
    public void ServiceUrl_ServesBothServicesInEveryRegion()
    {
        var resolver = new AwsEndpointResolver(new AwsClientOptions { ServiceUrl = "http://127.0.0.1:4566" }, NoEnvironment);

        Assert.Equal("http://127.0.0.1:4566/", resolver.Resolve(AwsServiceInfo.Cognito, "us-east-1").ToString());
        Assert.Equal("http://127.0.0.1:4566/", resolver.Resolve(AwsServiceInfo.ApiGateway, "ap-southeast-2").ToString());
    }

    [Fact]
    public void ServiceUrlWithPathPrefix_KeepsThePrefixForAppendedPaths()
    {
        var resolver = new AwsEndpointResolver(new AwsClientOptions { ServiceUrl = "http://127.0.0.1:8080/aws" }, NoEnvironment);

        Assert.Equal("http://127.0.0.1:8080/aws/", resolver.Resolve(AwsServiceInfo.ApiGateway, "eu-west-1").ToString());
    }

    [Fact]
    public void PerServiceUrls_ApplyOnlyToTheirService()
    {
        var resolver = new AwsEndpointResolver(
            new AwsClientOptions { CognitoServiceUrl = "http://127.0.0.1:9001/" }, NoEnvironment);

        Assert.Equal("http://127.0.0.1:9001/", resolver.Resolve(AwsServiceInfo.Cognito, "eu-west-1").ToString());
        Assert.Equal("https://apigateway.eu-west-1.amazonaws.com/", resolver.Resolve(AwsServiceInfo.ApiGateway, "eu-west-1").ToString());
    }

    [Fact]
    public void EndpointVariables_PerServiceBeatsGlobal_AndConfigurationBeatsBoth()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:7000/",
            ["AWS_ENDPOINT_URL_APIGATEWAYV2"] = "http://127.0.0.1:7001/",
        };
        string? Lookup(string name) => environment.GetValueOrDefault(name);

        var fromEnvironment = new AwsEndpointResolver(new AwsClientOptions(), Lookup);
        var configured = new AwsEndpointResolver(new AwsClientOptions { ServiceUrl = "http://127.0.0.1:4566/" }, Lookup);
        var ignoring = new AwsEndpointResolver(new AwsClientOptions { UseEndpointEnvironmentVariables = false }, Lookup);

        Assert.Equal("http://127.0.0.1:7001/", fromEnvironment.Resolve(AwsServiceInfo.ApiGateway, "eu-west-1").ToString());
        Assert.Equal("http://127.0.0.1:7000/", fromEnvironment.Resolve(AwsServiceInfo.Cognito, "eu-west-1").ToString());
        Assert.Equal("http://127.0.0.1:4566/", configured.Resolve(AwsServiceInfo.ApiGateway, "eu-west-1").ToString());
        Assert.Equal("https://cognito-idp.eu-west-1.amazonaws.com/", ignoring.Resolve(AwsServiceInfo.Cognito, "eu-west-1").ToString());
    }

    [Fact]
    public void HostBuilder_ReadsTheSdkAwsSectionRetryAndRateLimits()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS:Region"] = "eu-central-1",
            ["AWS:ServiceURL"] = "http://127.0.0.1:4566",
            ["AWS:ApiGatewayServiceURL"] = "http://127.0.0.1:4567/",
            ["AWS:Retry:MaxAttempts"] = "7",
            ["AWS:RateLimits:ApiGateway:Burst"] = "20",
        });
        builder.AddAwsClients();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<AwsClientOptions>>().Value;
        var clients = host.Services.GetRequiredService<AwsClients>();

        Assert.Equal("http://127.0.0.1:4566/", options.ServiceUrl);
        Assert.Equal("http://127.0.0.1:4567/", options.ApiGatewayServiceUrl);
        Assert.Equal(7, options.Retry.MaxAttempts);
        Assert.Equal(20, options.RateLimits.ApiGateway.Burst);
        Assert.Equal(10, options.RateLimits.ApiGateway.RequestsPerSecond);
        Assert.Equal("eu-central-1", clients.DefaultRegion);
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), ((CognitoClient)clients.Cognito("eu-central-1")).Endpoint);
        Assert.Same(clients.Cognito("eu-central-1"), host.Services.GetRequiredService<IAwsClients>().Cognito("eu-central-1"));
        Assert.Equal("eu-central-1", ((HttpApiClient)clients.HttpApi("eu-central-1")).Region);
    }

    [Fact]
    public void InvalidServiceUrl_FailsAtStartNamingTheSetting()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAwsClients(options => options.ServiceUrl = "not a url");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AwsClientOptions>>().Value);

        Assert.Contains("AWS:ServiceURL", error.Message);
    }

    [Theory]
    [InlineData("evil.example.com/x")]
    [InlineData("EU-WEST-1")]
    [InlineData("")]
    public void RegionThatIsNotARegionName_IsRejectedBeforeItBecomesAHostName(string region)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAwsClients(options => options.Region = "eu-west-1");
        using var provider = services.BuildServiceProvider();
        var clients = provider.GetRequiredService<IAwsClients>();

        Assert.ThrowsAny<ArgumentException>(() => clients.Cognito(region));
        Assert.ThrowsAny<ArgumentException>(() => clients.HttpApi(region));
    }
}
