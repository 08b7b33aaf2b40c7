using AngleSharp.Dom;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Portal.Components.Setup;
using SecureApi.Portal.Components.Setup.Forms;
using SecureApi.Provisioning.Deployments;
using SetupPage = SecureApi.Portal.Components.Pages.Setup;

namespace SecureApi.Portal.Tests.Components.Setup;

public sealed class SetupWizardTests : PortalTestContext
{
    [Fact]
    public void ApiStep_EmptyName_ShowsMessageAtTheFieldAndBlocksNext()
    {
        var cut = Render<SetupPage>();

        cut.Find("#api-name").Input("");
        Next(cut);

        Assert.Contains("API name", MessageNear(cut, "#api-name"));
        Assert.Equal(SetupStep.Api, Wizard.Current);
        Assert.Equal("1. Your API", cut.Find("h2").TextContent);
    }

    [Fact]
    public void ApiStep_UnknownRegionTyped_ShowsTheServiceMessage()
    {
        Wizard.Api.Region = "mars-north-1";
        var cut = Render<SetupPage>();

        Next(cut);

        Assert.Contains("not a known AWS region", MessageNear(cut, "#api-region"));
        Assert.Equal(SetupStep.Api, Wizard.Current);
    }

    [Fact]
    public void NextThenBack_KeepsWhatWasTyped()
    {
        var cut = Render<SetupPage>();
        cut.Find("#api-name").Input("orders-api");
        cut.Find("#api-region").Change("eu-west-1");
        Next(cut);
        Assert.Equal("2. Routes to protect", cut.Find("h2").TextContent);
        cut.Find("#route-path-1").Input("/orders/{orderId}");

        Back(cut);
        Assert.Equal("orders-api", cut.Find("#api-name").GetAttribute("value"));
        Assert.Equal("eu-west-1", cut.Find("#api-region").GetAttribute("value"));
        Next(cut);

        Assert.Equal("/orders/{orderId}", cut.Find("#route-path-1").GetAttribute("value"));
    }

    [Fact]
    public void RoutesStep_PathWithoutLeadingSlash_ShowsMessageAsYouTypeAndBlocksNext()
    {
        Wizard.Current = SetupStep.Routes;
        var cut = Render<SetupPage>();

        cut.Find("#route-path-1").Input("users");

        Assert.NotEmpty(MessageNear(cut, "#route-path-1"));
        Next(cut);
        Assert.Equal(SetupStep.Routes, Wizard.Current);
    }

    [Fact]
    public void RoutesStep_StartsWithTheWalkthroughRoute_AndAddsAndRemovesRoutes()
    {
        Wizard.Current = SetupStep.Routes;
        var cut = Render<SetupPage>();
        Assert.Equal("GET", cut.Find("#route-method-1").GetAttribute("value"));
        Assert.Equal("/users/{userId}", cut.Find("#route-path-1").GetAttribute("value"));

        cut.FindAll("button").Single(b => b.TextContent == "Add a route").Click();
        cut.Find("#route-method-2").Change("POST");
        cut.Find("#route-path-2").Input("/users");
        cut.Find("button[aria-label='Remove route 1']").Click();
        Next(cut);

        Assert.Equal(SetupStep.UserPool, Wizard.Current);
        Assert.Equal(["POST /users"], Wizard.ToSpec().Routes);
    }

    [Fact]
    public void RoutesStep_AllRoutesRemoved_BlocksNextWithAMessage()
    {
        Wizard.Current = SetupStep.Routes;
        var cut = Render<SetupPage>();

        cut.Find("button[aria-label='Remove route 1']").Click();
        Next(cut);

        Assert.Contains("at least one route", cut.Find(".validation-message").TextContent);
        Assert.Equal(SetupStep.Routes, Wizard.Current);
    }

    [Fact]
    public void UserPoolStep_NoWayToSignIn_BlocksNextWithTheMessageAtTheChoice()
    {
        Wizard.Current = SetupStep.UserPool;
        var cut = Render<SetupPage>();

        cut.FindAll("input[type=checkbox]")[0].Change(false);
        Next(cut);

        Assert.Contains("at least one way to sign in", cut.Find("fieldset:nth-of-type(2) .validation-message").TextContent);
        Assert.Equal(SetupStep.UserPool, Wizard.Current);
    }

    [Fact]
    public void UserPoolStep_Existing_ListsThePoolsOfTheChosenRegionAndRequiresAChoice()
    {
        Fake.Pools.Add(new PoolChoice("eu-west-1_Abc123", "staff"));
        Wizard.Api.Region = "eu-west-1";
        Wizard.Current = SetupStep.UserPool;
        var cut = Render<SetupPage>();

        cut.FindAll("input[type=radio]")[1].Change("Existing");

        cut.WaitForAssertion(() => Assert.Contains("staff (eu-west-1_Abc123)", cut.Find("#pool-existing").TextContent), Patience);
        Assert.Equal(["eu-west-1"], Fake.PoolRegions);
        Next(cut);
        Assert.NotEmpty(MessageNear(cut, "#pool-existing"));
        cut.Find("#pool-existing").Change("eu-west-1_Abc123");
        Next(cut);
        Assert.Equal(SetupStep.Authorizer, Wizard.Current);
    }

    [Fact]
    public void AuthorizerStep_ShowsIssuerAndAudienceComputedWithPlaceholdersBeforeCreation()
    {
        Wizard.Api.Region = "eu-west-1";
        Wizard.Current = SetupStep.Authorizer;
        var cut = Render<SetupPage>();

        var computed = cut.Find("dl.computed").TextContent;
        Assert.Contains("https://cognito-idp.eu-west-1.amazonaws.com/<new pool id>", computed);
        Assert.Contains("<new app client id>", computed);
        Assert.Contains("client_id", computed);
        Assert.Contains("aud", computed);
        Assert.Equal("CognitoUserAuth", cut.Find("#authorizer-name").GetAttribute("value"));
    }

    [Fact]
    public void AuthorizerStep_ExistingPool_IssuerNamesThatPool()
    {
        Wizard.Api.Region = "eu-west-1";
        Wizard.UserPool.Mode = PoolChoiceMode.Existing;
        Wizard.UserPool.ExistingPoolId = "eu-west-1_Abc123";
        Wizard.Current = SetupStep.Authorizer;
        var cut = Render<SetupPage>();

        Assert.Contains("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123", cut.Find("dl.computed").TextContent);
    }

    [Fact]
    public void AuthorizerStep_BadIdentitySource_ShowsMessageAsYouType()
    {
        Wizard.Current = SetupStep.Authorizer;
        var cut = Render<SetupPage>();

        cut.Find("#authorizer-identity-source").Input("Authorization");

        Assert.Contains("not an identity source", MessageNear(cut, "#authorizer-identity-source"));
    }

    [Fact]
    public void IntegrationStep_InSandboxMode_OffersTheEchoTarget()
    {
        Wizard.Current = SetupStep.Integration;
        var cut = Render<SetupPage>();

        cut.FindAll("button").Single(b => b.TextContent == "Use the Sandbox echo target").Click();
        Next(cut);

        Assert.Equal("http://127.0.0.1:4566/_sandbox/echo", Wizard.Integration.Url);
        Assert.Equal(SetupStep.Review, Wizard.Current);
    }

    [Fact]
    public void IntegrationStep_AgainstRealAws_DoesNotOfferTheEchoTarget()
    {
        Mode.Sandbox = false;
        Wizard.Current = SetupStep.Integration;
        var cut = Render<SetupPage>();

        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("echo", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void IntegrationStep_UrlWithoutScheme_BlocksNext()
    {
        Wizard.Current = SetupStep.Integration;
        var cut = Render<SetupPage>();

        cut.Find("#integration-url").Input("backend.example/users");
        Next(cut);

        Assert.Contains("http://", MessageNear(cut, "#integration-url"));
        Assert.Equal(SetupStep.Integration, Wizard.Current);
    }

    [Fact]
    public void Review_ListsAndDrawsEveryResourceThatWillBeCreated()
    {
        FillValidWizard();
        var cut = Render<SetupPage>();

        var list = cut.Find("ul.review-list").TextContent;
        var picture = cut.Find("figure.diagram").TextContent;
        foreach (var expected in new[] { "orders-api", "GET /orders/{orderId}", "orders-users", "orders-api-client", "CognitoUserAuth", "https://backend.example/orders" })
        {
            Assert.Contains(expected, list);
            Assert.Contains(expected, picture);
        }

        Assert.Contains("<new pool id>", picture);
        Assert.Empty(Fake.CreatedSpecs);
    }

    [Fact]
    public void Create_CallsTheServiceOnceWithTheTypedSpecAndOpensTheDeployment()
    {
        FillValidWizard();
        var cut = Render<SetupPage>();

        cut.FindAll("button").Single(b => b.TextContent == "Create").Click();

        var spec = Assert.Single(Fake.CreatedSpecs);
        Assert.Equal("orders-api", spec.Api.Name);
        Assert.Equal("eu-west-1", spec.Region);
        Assert.Equal(["GET /orders/{orderId}"], spec.Routes);
        Assert.Equal("orders-users", spec.UserPool.Name);
        Assert.Equal(["email", "username"], spec.UserPool.SignInWith);
        Assert.Equal("https://backend.example/orders", spec.Integration.Url);
        var created = Assert.Single(Fake.Store);
        Assert.EndsWith($"/deployments/{created.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Create_RejectedField_IsShownAtThatFieldOfItsStepUntilEdited()
    {
        FillValidWizard();
        Fake.CreateFailure = new SpecValidationException(new Dictionary<string, string[]>
        {
            ["api.name"] = ["An API named orders-api already exists in eu-west-1."],
        });
        var cut = Render<SetupPage>();

        cut.FindAll("button").Single(b => b.TextContent == "Create").Click();

        Assert.Equal(SetupStep.Api, Wizard.Current);
        Assert.Contains("already exists", MessageNear(cut, "#api-name"));
        Next(cut);
        Assert.Equal(SetupStep.Api, Wizard.Current);
        cut.Find("#api-name").Input("orders-api-2");
        Next(cut);
        Assert.Equal(SetupStep.Routes, Wizard.Current);
    }

    [Fact]
    public void Review_NameWithScript_IsShownAsText()
    {
        FillValidWizard();
        Wizard.Api.Name = "<script>alert(1)</script>";
        var cut = Render<SetupPage>();

        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("<script>alert(1)</script>", cut.Find("ul.review-list").TextContent);
    }

    private void FillValidWizard()
    {
        Wizard.Api.Name = "orders-api";
        Wizard.Api.Region = "eu-west-1";
        Wizard.Routes.Routes[0].Path = "/orders/{orderId}";
        Wizard.UserPool.Name = "orders-users";
        Wizard.UserPool.SignInWithUsername = true;
        Wizard.Integration.Url = "https://backend.example/orders";
        Wizard.Current = SetupStep.Review;
    }

    private static void Next(IRenderedComponent<SetupPage> cut) => cut.Find("form").Submit();

    private static void Back(IRenderedComponent<SetupPage> cut) => cut.FindAll("button").Single(b => b.TextContent == "Back").Click();

    /// <summary>The validation messages inside the field wrapper of the input <paramref name="selector"/>.</summary>
    private static string MessageNear(IRenderedComponent<SetupPage> cut, string selector)
    {
        var field = cut.Find(selector).Closest(".field")!;
        return string.Join(" ", field.QuerySelectorAll(".validation-message").Select(m => m.TextContent));
    }
}
