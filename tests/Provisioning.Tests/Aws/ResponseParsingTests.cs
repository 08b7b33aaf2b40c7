using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

/// <summary>AWS and the emulators answer the same operation in different shapes; every one of them must read.</summary>
public sealed class ResponseParsingTests : IAsyncLifetime
{
    private AwsClientHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsClientHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Theory]
    [InlineData(204, null)]
    [InlineData(200, "")]
    [InlineData(200, "{}")]
    [InlineData(200, "null")]
    [InlineData(202, "{\"unexpected\":true}")]
    public async Task DeleteApi_AcceptsAnySuccessStatusWithOrWithoutBody(int status, string? body)
    {
        _aws.Server.Respond(status, body);

        var response = await _aws.HttpApi.DeleteApiAsync(new DeleteApiRequest { ApiId = "abc123" });

        Assert.NotNull(response);
    }

    [Fact]
    public async Task CreateApi_ReadsA200AsWellAsA201()
    {
        _aws.Server.Respond(201, """{"apiId":"abc123","apiEndpoint":"https://abc123.execute-api.eu-west-1.amazonaws.com"}""");
        _aws.Server.Respond(200, """{"apiId":"def456"}""");

        var first = await _aws.HttpApi.CreateApiAsync(new CreateApiRequest { Name = "a" });
        var second = await _aws.HttpApi.CreateApiAsync(new CreateApiRequest { Name = "b" });

        Assert.Equal("abc123", first.ApiId);
        Assert.Equal("https://abc123.execute-api.eu-west-1.amazonaws.com", first.ApiEndpoint);
        Assert.Equal("def456", second.ApiId);
    }

    [Fact]
    public async Task GetApi_IgnoresTheResponseContentType()
    {
        _aws.Server.Respond(200, """{"apiId":"abc123","name":"orders"}""", "text/html; charset=utf-8");

        var api = await _aws.HttpApi.GetApiAsync(new GetApiRequest { ApiId = "abc123" });

        Assert.Equal("orders", api.Name);
    }

    [Fact]
    public async Task DescribeUserPool_ToleratesNullMembersAndIgnoresUnknownOnes()
    {
        _aws.Server.Respond(200, """
            {"UserPool":{"Id":"eu-west-1_Abc","Name":"orders","PoolName":"orders","Status":null,"Domain":null,
             "SchemaAttributes":[{"Name":"email"}],"EstimatedNumberOfUsers":3,"UserPoolTags":{"k":"v"}},"Extra":{"x":[1,2]}}
            """);

        var pool = (await _aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" })).UserPool;

        Assert.NotNull(pool);
        Assert.Equal("orders", pool.Name);
        Assert.Null(pool.Status);
        Assert.Equal(3, pool.EstimatedNumberOfUsers);
        Assert.Equal("v", pool.UserPoolTags?["k"]);
    }

    [Theory]
    [InlineData("1440938160", "2015-08-30T12:36:00.000Z")]
    [InlineData("1440938160.25", "2015-08-30T12:36:00.250Z")]
    [InlineData("\"2015-08-30T12:36:00Z\"", "2015-08-30T12:36:00.000Z")]
    [InlineData("\"2015-08-30T14:36:00.5+02:00\"", "2015-08-30T12:36:00.500Z")]
    [InlineData("\"1440938160.25\"", "2015-08-30T12:36:00.250Z")]
    public async Task UserPoolTimestamps_ReadEpochNumbersAndIsoStrings(string wireValue, string expected)
    {
        _aws.Server.Respond(200, $$$"""{"UserPool":{"Id":"eu-west-1_Abc","CreationDate":{{{wireValue}}},"LastModifiedDate":null}}""");

        var pool = (await _aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" })).UserPool;

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), pool?.CreationDate);
        Assert.Null(pool?.LastModifiedDate);
    }

    [Fact]
    public async Task GetStages_ReadsIsoAndFractionalEpochTimestampsInOnePage()
    {
        _aws.Server.Respond(200, """
            {"items":[{"stageName":"$default","autoDeploy":true,"createdDate":"2025-11-20T08:00:00Z"},
                      {"stageName":"dev","createdDate":1795674252.329243,"lastUpdatedDate":null}]}
            """);

        var stages = (await _aws.HttpApi.GetStagesAsync(new GetStagesRequest { ApiId = "abc123" })).Items!;

        Assert.Equal(new DateTimeOffset(2025, 11, 20, 8, 0, 0, TimeSpan.Zero), stages[0].CreatedDate);
        Assert.True(stages[0].AutoDeploy);
        Assert.Equal(1795674252329, stages[1].CreatedDate?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task GetTags_ReturnsTagKeysExactlyAsSent()
    {
        _aws.Server.Respond(200, """{"tags":{"secureapi:deployment":"d-1","Owner":"Team A"}}""");

        var tags = (await _aws.HttpApi.GetTagsAsync(new GetTagsRequest { ResourceArn = "arn:aws:apigateway:eu-west-1::/apis/abc123" })).Tags;

        Assert.Equal("d-1", tags?["secureapi:deployment"]);
        Assert.Equal("Team A", tags?["Owner"]);
    }

    [Fact]
    public async Task UnreadableSuccessBody_IsReportedAsSuchWithTheRequestId()
    {
        _aws.Server.Respond(200, "<html>proxy page</html>", "text/html", ("x-amzn-RequestId", "req-html"));

        var error = await Assert.ThrowsAsync<SecureApi.Provisioning.Aws.AwsServiceException>(
            () => _aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = "eu-west-1_Abc" }));

        Assert.Equal("UnreadableResponse", error.ErrorCode);
        Assert.Equal("req-html", error.RequestId);
    }
}
