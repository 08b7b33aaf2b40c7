using SecureApi.Sandbox.DataPlane.Gateway;

namespace SecureApi.Sandbox.Tests.DataPlane;

public sealed class RouteMatcherTests
{
    private static readonly string[] Routes =
    [
        "$default",
        "ANY /{proxy+}",
        "GET /pets/{proxy+}",
        "GET /pets/{petId}",
        "GET /pets/dog",
        "ANY /pets/cat",
        "GET /pets/cat",
        "POST /pets",
    ];

    [Theory]
    [InlineData("GET", "/pets/dog", "GET /pets/dog")]
    [InlineData("GET", "/pets/42", "GET /pets/{petId}")]
    [InlineData("GET", "/pets/42/toys", "GET /pets/{proxy+}")]
    [InlineData("GET", "/pets/cat", "GET /pets/cat")]
    [InlineData("DELETE", "/pets/cat", "ANY /pets/cat")]
    [InlineData("DELETE", "/pets/42", "ANY /{proxy+}")]
    [InlineData("POST", "/pets", "POST /pets")]
    [InlineData("GET", "/pets", "ANY /{proxy+}")]
    [InlineData("GET", "/", "$default")]
    public void Match_PrefersExactThenParameterThenGreedy_MethodBeforeAny_DefaultLast(string method, string path, string expected)
    {
        Assert.Equal(expected, RouteMatcher.Match(Routes, method, path)!.RouteKey);
    }

    [Fact]
    public void Match_ReturnsPathParameters_WithGreedyValueSpanningSegments()
    {
        var single = RouteMatcher.Match(Routes, "GET", "/pets/42")!;
        var greedy = RouteMatcher.Match(Routes, "GET", "/pets/42/toys/ball")!;

        Assert.Equal("42", single.PathParameters["petId"]);
        Assert.Equal("42/toys/ball", greedy.PathParameters["proxy"]);
    }

    [Fact]
    public void Match_WithoutDefaultRoute_ReturnsNullForUnmatchedPath()
    {
        Assert.Null(RouteMatcher.Match(["GET /users/{id}"], "GET", "/orders/1"));
        Assert.Null(RouteMatcher.Match(["GET /users/{id}"], "POST", "/users/1"));
        Assert.Null(RouteMatcher.Match(["GET /files/{path+}"], "GET", "/files"));
    }

    [Fact]
    public void IntegrationTarget_SubstitutesParametersEscaped_AndAppendsQuery()
    {
        var match = RouteMatcher.Match(["GET /users/{userId}/files/{path+}"], "GET", "/users/a b/files/x/y.txt")!;

        var target = IntegrationTarget.Build("http://127.0.0.1:9/api/{userId}/{path}?v=2", match, "/users/a b/files/x/y.txt", "?q=1");

        Assert.Equal("http://127.0.0.1:9/api/a%20b/x/y.txt?v=2&q=1", target.AbsoluteUri);
    }
}
