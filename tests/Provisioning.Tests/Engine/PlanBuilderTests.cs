using SecureApi.Provisioning.Deployments.Planning;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Tests.Engine;

public sealed class PlanBuilderTests
{
    [Fact]
    public void Plan_ForNewPoolAndApi_IsFourRoundTripsWhateverTheRouteCount()
    {
        var one = PlanBuilder.Build(SpecDefaults.Normalize(TestData.NewPoolSpec(routes: 1)));
        var fifty = PlanBuilder.Build(SpecDefaults.Normalize(TestData.NewPoolSpec(routes: 50)));

        Assert.Equal(4, one.Plan.Depth);
        Assert.Equal(4, fifty.Plan.Depth);
        Assert.Equal(56, fifty.Plan.Steps.Count);
        Assert.All(fifty.Plan.Steps.OfType<CreateRouteStep>(), r => Assert.Contains(r.DependsOn, d => d is CreateAuthorizerStep));
    }

    [Fact]
    public void Plan_ForExistingPool_DescribesThePoolInsteadOfCreatingOne()
    {
        var plan = PlanBuilder.Build(SpecDefaults.Normalize(TestData.ExistingPoolSpec("us-east-1_AbC123xyZ"))).Plan;

        Assert.Contains(plan.Steps, s => s.Operation == "DescribeUserPool");
        Assert.DoesNotContain(plan.Steps, s => s.Operation == "CreateUserPool");
    }

    [Theory]
    [InlineData(new[] { "email" }, "email", null)]
    [InlineData(new[] { "email", "phone" }, "email,phone_number", null)]
    [InlineData(new[] { "username", "email" }, null, "email")]
    [InlineData(new[] { "username" }, null, null)]
    public void SignInOptions_MapToCognitoAttributes(string[] signInWith, string? usernameAttributes, string? aliasAttributes)
    {
        var (username, alias) = CreateUserPoolStep.SignInAttributes(signInWith);

        Assert.Equal(usernameAttributes, username is null ? null : string.Join(',', username));
        Assert.Equal(aliasAttributes, alias is null ? null : string.Join(',', alias));
    }
}
