using System.Text.Json;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Tests.Specs;

public sealed class SpecValidatorTests
{
    private static readonly JsonSerializerOptions _web = new(JsonSerializerDefaults.Web);

    private static SecureApiSpec ValidSpec() => new()
    {
        Region = "us-east-1",
        Api = new ApiSpec { Name = "users-api" },
        Routes = ["GET /users/{userId}"],
        UserPool = new UserPoolSpec { Name = "users", SignInWith = ["email"] },
        Integration = new IntegrationSpec { Method = "GET", Url = "https://example.com" },
    };

    [Fact]
    public void Validate_IssueExampleBody_IsValid()
    {
        const string body = """
            {"region":"us-east-1","api":{"name":"users-api"},"routes":["GET /users/{userId}"],
            "userPool":{"name":"users","signInWith":["email"]},"integration":{"method":"GET","url":"https://example.com"}}
            """;
        var spec = JsonSerializer.Deserialize<SecureApiSpec>(body, _web)!;

        Assert.Empty(SpecValidator.Validate(spec));
    }

    [Fact]
    public void Validate_IssueExampleWithExistingPool_IsValid()
    {
        const string body = """
            {"region":"us-east-1","api":{"name":"users-api"},"routes":["GET /users/{userId}"],
            "userPool":{"existingPoolId":"us-east-1_AbC123xyZ"},"integration":{"method":"GET","url":"https://example.com"}}
            """;
        var spec = JsonSerializer.Deserialize<SecureApiSpec>(body, _web)!;

        Assert.Empty(SpecValidator.Validate(spec));
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEachFieldByItsCamelCasePath()
    {
        var spec = new SecureApiSpec
        {
            Region = "us-east-7",
            Api = new ApiSpec { Name = "" },
            Routes = ["GET /a", "FETCH /b", "GET /a"],
            UserPool = new UserPoolSpec { Name = "bad/name", SignInWith = [] },
            AppClient = new AppClientSpec { Name = "bad#client" },
            Authorizer = new AuthorizerSpec { Name = new string('a', 129), IdentitySource = "Authorization" },
            Integration = new IntegrationSpec { Method = "FETCH", Url = "ftp://example.com" },
        };

        var errors = SpecValidator.Validate(spec);

        Assert.Equal(
            ["api.name", "appClient.name", "authorizer.identitySource", "authorizer.name", "integration.method",
             "integration.url", "region", "routes[1]", "routes[2]", "userPool.name", "userPool.signInWith"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m))));
    }

    [Fact]
    public void EnsureValid_InvalidSpec_ThrowsWithFieldErrors()
    {
        var spec = ValidSpec() with { Region = "mars-1" };

        var ex = Assert.Throws<SpecValidationException>(() => SpecValidator.EnsureValid(spec));

        Assert.Equal(["region"], ex.Errors.Keys);
        Assert.Contains("mars-1", ex.Message);
    }

    [Fact]
    public void EnsureValid_ValidSpec_DoesNotThrow()
    {
        var exception = Record.Exception(() => SpecValidator.EnsureValid(ValidSpec()));

        Assert.Null(exception);
    }

    // ---- region

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-west-3")]
    [InlineData("ap-southeast-2")]
    [InlineData("us-gov-west-1")]
    [InlineData(" us-west-2 ")]
    public void ValidateRegion_KnownRegion_IsAccepted(string region) =>
        Assert.Null(SpecValidator.ValidateRegion(region));

    [Theory]
    [InlineData(null, "Choose the AWS region")]
    [InlineData("", "Choose the AWS region")]
    [InlineData("us-east-7", "not a known AWS region")]
    [InlineData("mars-central-1", "not a known AWS region")]
    [InlineData("us-east-1-regional", "not a known AWS region")]
    [InlineData("US-EAST-1", "Did you mean us-east-1?")]
    public void ValidateRegion_UnknownOrMissing_IsRejected(string? region, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidateRegion(region));

    [Fact]
    public void ValidateRegion_VeryLongValue_IsRejectedWithoutEchoingItAll()
    {
        var message = SpecValidator.ValidateRegion(new string('x', 5000));

        Assert.NotNull(message);
        Assert.True(message.Length < 200, message);
    }

    // ---- names

    [Theory]
    [InlineData("users-api")]
    [InlineData("a")]
    [InlineData("Users API (v2) / prod!")]
    public void ValidateApiName_WithinLimits_IsAccepted(string name) =>
        Assert.Null(SpecValidator.ValidateApiName(name));

    [Fact]
    public void ValidateApiName_Exactly128Characters_IsAccepted() =>
        Assert.Null(SpecValidator.ValidateApiName(new string('a', 128)));

    [Theory]
    [InlineData(null, "Enter the API name")]
    [InlineData("   ", "Enter the API name")]
    [InlineData("line\nbreak", "control characters")]
    public void ValidateApiName_MissingOrControlCharacters_IsRejected(string? name, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidateApiName(name));

    [Fact]
    public void ValidateApiName_129Characters_IsRejectedNamingTheLimit() =>
        Assert.Contains("at most 128", SpecValidator.ValidateApiName(new string('a', 129)));

    [Theory]
    [InlineData("users")]
    [InlineData("My pool_1+=,.@-")]
    public void ValidatePoolName_CognitoCharacters_IsAccepted(string name) =>
        Assert.Null(SpecValidator.ValidatePoolName(name));

    [Theory]
    [InlineData("", "Enter the user pool name")]
    [InlineData("users/pool", "letters, digits, spaces")]
    [InlineData("pool#1", "letters, digits, spaces")]
    [InlineData("pöol", "letters, digits, spaces")]
    public void ValidatePoolName_Invalid_IsRejected(string name, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidatePoolName(name));

    [Fact]
    public void ValidatePoolName_129Characters_IsRejected() =>
        Assert.Contains("at most 128", SpecValidator.ValidatePoolName(new string('p', 129)));

    [Theory]
    [InlineData("users-api-client")]
    [InlineData("web app@example.com")]
    public void ValidateClientName_CognitoCharacters_IsAccepted(string name) =>
        Assert.Null(SpecValidator.ValidateClientName(name));

    [Theory]
    [InlineData("", "Enter the app client name")]
    [InlineData("client!", "letters, digits, spaces")]
    public void ValidateClientName_Invalid_IsRejected(string name, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidateClientName(name));

    [Fact]
    public void ValidateClientName_129Characters_IsRejected() =>
        Assert.Contains("at most 128", SpecValidator.ValidateClientName(new string('c', 129)));

    [Theory]
    [InlineData("CognitoUserAuth")]
    [InlineData("jwt auth / users")]
    public void ValidateAuthorizerName_WithinLimits_IsAccepted(string name) =>
        Assert.Null(SpecValidator.ValidateAuthorizerName(name));

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    public void ValidateAuthorizerName_EmptyOrControlCharacters_IsRejected(string name) =>
        Assert.NotNull(SpecValidator.ValidateAuthorizerName(name));

    [Fact]
    public void ValidateAuthorizerName_129Characters_IsRejected() =>
        Assert.Contains("at most 128", SpecValidator.ValidateAuthorizerName(new string('z', 129)));

    // ---- routes

    [Theory]
    [InlineData("GET /users/{userId}")]
    [InlineData("get /users")]
    [InlineData("POST /")]
    [InlineData("ANY /{proxy+}")]
    [InlineData("DELETE /orders/{order.id}/items/{item-id}")]
    [InlineData("PUT /files/{path+}")]
    [InlineData("PATCH /a_b/c~d/e.f")]
    [InlineData("HEAD /health")]
    [InlineData("OPTIONS /{any+}")]
    [InlineData("$default")]
    public void ValidateRouteKey_Valid_IsAccepted(string routeKey) =>
        Assert.Null(SpecValidator.ValidateRouteKey(routeKey));

    [Theory]
    [InlineData(null, "Enter a route")]
    [InlineData("", "Enter a route")]
    [InlineData("/users", "METHOD /path")]
    [InlineData("GET  /users", "METHOD /path")]
    [InlineData("GET /users /x", "METHOD /path")]
    [InlineData("FETCH /users", "not a route method")]
    [InlineData("GET users", "must start with /")]
    [InlineData("GET /users/", "trailing /")]
    [InlineData("GET /users//x", "empty segment")]
    [InlineData("GET /{proxy+}/x", "must be the last segment")]
    [InlineData("GET /users/{id}/friends/{id}", "appears twice")]
    [InlineData("GET /users/{}", "not a parameter")]
    [InlineData("GET /users/{user id}", "METHOD /path")]
    [InlineData("GET /users/{user/id}", "not a parameter")]
    [InlineData("GET /users/id-{id}", "not a parameter")]
    [InlineData("GET /users/{id", "not a parameter")]
    [InlineData("GET /users?x=1", "characters a URL path cannot carry")]
    [InlineData("GET /users#top", "characters a URL path cannot carry")]
    [InlineData("$DEFAULT", "METHOD /path")]
    public void ValidateRouteKey_Invalid_IsRejected(string? routeKey, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidateRouteKey(routeKey));

    [Fact]
    public void ValidateRouteKey_LongerThanLimit_IsRejected() =>
        Assert.Contains("at most 256", SpecValidator.ValidateRouteKey("GET /" + new string('a', 300)));

    [Fact]
    public void Validate_NoRoutes_IsRejectedOnRoutes()
    {
        var errors = SpecValidator.Validate(ValidSpec() with { Routes = [] });

        Assert.Contains("at least one route", Assert.Single(errors["routes"]));
    }

    [Fact]
    public void Validate_FiftyRoutes_IsAccepted()
    {
        var routes = Enumerable.Range(0, 50).Select(i => $"GET /items/{i}").ToList();

        Assert.Empty(SpecValidator.Validate(ValidSpec() with { Routes = routes }));
    }

    [Fact]
    public void Validate_FiftyOneRoutes_IsRejectedOnRoutes()
    {
        var routes = Enumerable.Range(0, 51).Select(i => $"GET /items/{i}").ToList();

        Assert.Contains("at most 50", Assert.Single(SpecValidator.Validate(ValidSpec() with { Routes = routes })["routes"]));
    }

    [Theory]
    [InlineData("GET /users", "GET /users", "already routes[0]")]
    [InlineData("GET /users", "get /users", "already routes[0]")]
    [InlineData("GET /users/{id}", "GET /users/{userId}", "matches the same requests as routes[0]")]
    [InlineData("$default", "$default", "already routes[0]")]
    public void Validate_DuplicateRoutes_RejectsTheSecond(string first, string second, string expected)
    {
        var errors = SpecValidator.Validate(ValidSpec() with { Routes = [first, second] });

        Assert.Equal(["routes[1]"], errors.Keys);
        Assert.Contains(expected, errors["routes[1]"][0]);
    }

    [Theory]
    [InlineData("GET /users", "GET /Users")]
    [InlineData("GET /users", "POST /users")]
    [InlineData("GET /users/{id}", "GET /users/{id+}")]
    [InlineData("ANY /users", "GET /users")]
    public void Validate_RoutesThatDifferInPathCaseOrMethod_AreAccepted(string first, string second) =>
        Assert.Empty(SpecValidator.Validate(ValidSpec() with { Routes = [first, second] }));

    // ---- user pool

    [Fact]
    public void Validate_NeitherNewNorExistingPool_IsRejectedOnUserPool()
    {
        var errors = SpecValidator.Validate(ValidSpec() with { UserPool = new UserPoolSpec() });

        Assert.Equal(["userPool"], errors.Keys);
    }

    [Fact]
    public void Validate_BothNewAndExistingPool_IsRejectedOnUserPool()
    {
        var pool = new UserPoolSpec { Name = "users", SignInWith = ["email"], ExistingPoolId = "us-east-1_AbC123xyZ" };

        var errors = SpecValidator.Validate(ValidSpec() with { UserPool = pool });

        Assert.Contains("not both", Assert.Single(errors["userPool"]));
    }

    [Fact]
    public void Validate_ExistingPoolWithSignInOptions_IsRejectedOnSignInWith()
    {
        var pool = new UserPoolSpec { ExistingPoolId = "us-east-1_AbC123xyZ", SignInWith = ["email"] };

        var errors = SpecValidator.Validate(ValidSpec() with { UserPool = pool });

        Assert.Equal(["userPool.signInWith"], errors.Keys);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("phone")]
    [InlineData("username")]
    [InlineData("email,phone,username")]
    [InlineData("Email")]
    public void ValidateSignInWith_SubsetOfOptions_IsAccepted(string options) =>
        Assert.Null(SpecValidator.ValidateSignInWith(options.Split(',')));

    [Theory]
    [InlineData("", "at least one")]
    [InlineData("facebook", "not a sign-in option")]
    [InlineData("email,email", "listed twice")]
    [InlineData("email,EMAIL", "listed twice")]
    public void ValidateSignInWith_Invalid_IsRejected(string options, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidateSignInWith(options.Split(',', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public void Validate_NewPoolWithoutSignInOptions_IsRejectedOnSignInWith()
    {
        var errors = SpecValidator.Validate(ValidSpec() with { UserPool = new UserPoolSpec { Name = "users" } });

        Assert.Equal(["userPool.signInWith"], errors.Keys);
    }

    [Theory]
    [InlineData("us-east-1_AbC123xyZ", "us-east-1")]
    [InlineData("eu-west-1_x", "eu-west-1")]
    [InlineData(" us-east-1_AbC123xyZ ", "us-east-1")]
    public void ValidateExistingPoolId_WellFormedInSameRegion_IsAccepted(string poolId, string region) =>
        Assert.Null(SpecValidator.ValidateExistingPoolId(poolId, region));

    [Theory]
    [InlineData("", "Enter the id")]
    [InlineData("us-east-1", "not a user pool id")]
    [InlineData("us-east-1_", "not a user pool id")]
    [InlineData("us-east-1_abc!", "not a user pool id")]
    [InlineData("us-east-7_AbC123xyZ", "not a known AWS region")]
    public void ValidateExistingPoolId_Malformed_IsRejected(string poolId, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidateExistingPoolId(poolId, "us-east-1"));

    [Fact]
    public void ValidateExistingPoolId_LongerThan55_IsRejected() =>
        Assert.Contains("at most 55", SpecValidator.ValidateExistingPoolId("us-east-1_" + new string('a', 46), "us-east-1"));

    [Fact]
    public void ValidateExistingPoolId_PoolFromAnotherRegion_ExplainsTheIssuerPitfall()
    {
        var message = SpecValidator.ValidateExistingPoolId("us-west-2_AbC123xyZ", "us-east-1");

        Assert.NotNull(message);
        Assert.Contains("https://cognito-idp.us-west-2.amazonaws.com/us-west-2_AbC123xyZ", message);
        Assert.Contains("401", message);
        Assert.Contains("Choose a pool in us-east-1", message);
    }

    [Fact]
    public void Validate_ExistingPoolFromAnotherRegion_IsRejectedOnExistingPoolId()
    {
        var spec = ValidSpec() with { UserPool = new UserPoolSpec { ExistingPoolId = "eu-west-1_AbC123xyZ" } };

        Assert.Equal(["userPool.existingPoolId"], SpecValidator.Validate(spec).Keys);
    }

    // ---- authorizer

    [Theory]
    [InlineData("$request.header.Authorization")]
    [InlineData("$request.header.X-Api-Token")]
    [InlineData("$request.querystring.token")]
    [InlineData("$request.querystring.access_token")]
    public void ValidateIdentitySource_OneHeaderOrQueryParameter_IsAccepted(string source) =>
        Assert.Null(SpecValidator.ValidateIdentitySource(source));

    [Theory]
    [InlineData("", "Enter where the token is read from")]
    [InlineData("Authorization", "not an identity source")]
    [InlineData("$request.header.", "not an identity source")]
    [InlineData("$request.body.token", "not an identity source")]
    [InlineData("$request.header.Bad Header", "not an identity source")]
    [InlineData("$request.header.Authorization,$request.querystring.token", "exactly one")]
    public void ValidateIdentitySource_Invalid_IsRejected(string source, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidateIdentitySource(source));

    [Fact]
    public void ValidateIdentitySource_LongerThanLimit_IsRejected() =>
        Assert.Contains("at most 256", SpecValidator.ValidateIdentitySource("$request.header." + new string('A', 250)));

    [Fact]
    public void Validate_OmittedAppClientAndAuthorizer_UseDefaultsAndAreValid()
    {
        var spec = ValidSpec() with { AppClient = null, Authorizer = null };

        Assert.Empty(SpecValidator.Validate(spec));
    }

    [Fact]
    public void Validate_EmptyClientName_IsRejectedRatherThanSilentlyDefaulted()
    {
        var spec = ValidSpec() with { AppClient = new AppClientSpec { Name = "" } };

        Assert.Equal(["appClient.name"], SpecValidator.Validate(spec).Keys);
    }

    // ---- integration

    [Theory]
    [InlineData("GET")]
    [InlineData("post")]
    [InlineData("ANY")]
    [InlineData("OPTIONS")]
    public void ValidateIntegrationMethod_KnownMethod_IsAccepted(string method) =>
        Assert.Null(SpecValidator.ValidateIntegrationMethod(method));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("FETCH")]
    [InlineData("TRACE")]
    public void ValidateIntegrationMethod_MissingOrUnknown_IsRejected(string? method) =>
        Assert.NotNull(SpecValidator.ValidateIntegrationMethod(method));

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("http://127.0.0.1:8080/users")]
    [InlineData("https://api.example.com/v1/users?x=1")]
    public void ValidateIntegrationUrl_AbsoluteHttpUrl_IsAccepted(string url) =>
        Assert.Null(SpecValidator.ValidateIntegrationUrl(url));

    [Theory]
    [InlineData(null, "Enter the URL")]
    [InlineData("", "Enter the URL")]
    [InlineData("example.com", "absolute http")]
    [InlineData("/users", "absolute http")]
    [InlineData("ftp://example.com", "absolute http")]
    [InlineData("file:///etc/passwd", "absolute http")]
    [InlineData("https://", "absolute http")]
    [InlineData("https://exa mple.com", "absolute http")]
    public void ValidateIntegrationUrl_NotAbsoluteHttp_IsRejected(string? url, string expected) =>
        Assert.Contains(expected, SpecValidator.ValidateIntegrationUrl(url));

    [Fact]
    public void ValidateIntegrationUrl_LongerThan2048_IsRejected() =>
        Assert.Contains("at most 2048", SpecValidator.ValidateIntegrationUrl("https://example.com/" + new string('a', 2040)));

    [Fact]
    public void ValidateIntegrationUrl_WithCredentials_IsRejectedWithoutEchoingThePassword()
    {
        var message = SpecValidator.ValidateIntegrationUrl("https://admin:s3cret@example.com/");

        Assert.NotNull(message);
        Assert.DoesNotContain("s3cret", message);
    }

    [Fact]
    public void Validate_NullSectionsFromJson_AreReportedNotThrown()
    {
        var spec = JsonSerializer.Deserialize<SecureApiSpec>(
            """{"region":"us-east-1","api":null,"routes":null,"userPool":null,"integration":null}""", _web)!;

        var errors = SpecValidator.Validate(spec);

        Assert.Equal(["api.name", "integration.method", "integration.url", "routes", "userPool"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
