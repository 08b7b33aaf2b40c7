using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Portal.Tests.Security.Support;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;
using Xunit.Abstractions;

namespace SecureApi.Portal.Tests.Security;

/// <summary>
/// Every page and every /api endpoint of the real app (found in its EndpointDataSource, so new ones are covered or
/// fail here until someone decides who may use them) × every kind of person, in team mode with real JWT validation.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Who may use what. A discovered endpoint missing here fails the test: decide, then add it.</summary>
    private static readonly Dictionary<string, Access> Expected = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GET /"] = Access.Viewer,
        ["GET /deployments"] = Access.Viewer,
        ["GET /deployments/{Id:guid}"] = Access.Viewer,
        ["GET /setup"] = Access.Operator,
        ["GET /audit"] = Access.Admin,
        ["GET /not-found"] = Access.Viewer,
        ["GET /Error"] = Access.Anyone,
        ["POST /api/deployments/"] = Access.Operator,
        ["GET /api/deployments/"] = Access.Viewer,
        ["GET /api/deployments/{id:guid}"] = Access.Viewer,
        ["GET /api/deployments/{id:guid}/delete-preview"] = Access.Viewer,
        ["DELETE /api/deployments/{id:guid}"] = Access.OwnerOrAdmin,
        ["POST /api/deployments/{id:guid}/drift-check"] = Access.OwnerOrAdmin,
        ["POST /api/deployments/{id:guid}/verify"] = Access.OwnerOrAdmin,
        ["GET /api/deployments/{id:guid}/verifications"] = Access.Viewer,
        ["GET /api/audit"] = Access.Admin,
    };

    private const string ValidSpec = """
        {"region":"us-east-1","api":{"name":"matrix-api"},"routes":["GET /users/{userId}"],
         "userPool":{"name":"matrix-users","signInWith":["email"]},"integration":{"method":"GET","url":"https://example.com"}}
        """;

    private readonly TestIssuer _issuer = new();
    private SecurityPortal _portal = null!;

    public async Task InitializeAsync()
    {
        await _issuer.StartAsync();
        _portal = await SecurityPortal.StartTeamAsync(_issuer);
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task EveryPageAndApiEndpoint_ForEveryKindOfPerson_AnswersAsTheRolesSay()
    {
        var people = new Person[]
        {
            new("anonymous", null),
            new("signed in, no SecureApi group", _issuer.Token("u-nobody", "Nora Nobody", "some-other-group")),
            new("Viewer", _issuer.Token("u-viewer", "Vera Viewer", "secureapi-viewers")),
            new("Operator, not the owner", _issuer.Token("u-other-op", "Otto Other", "secureapi-operators")),
            new("Operator, owner", _issuer.AccessToken("u-owner", "Olga Owner", "secureapi-operators")),
            new("Admin", _issuer.Token("u-admin", "Ada Admin", "secureapi-admins", "secureapi-viewers")),
        };
        var endpoints = DiscoverEndpoints();
        var unknown = endpoints.Where(e => !Expected.ContainsKey(e)).ToList();
        Assert.True(unknown.Count == 0, "Endpoints without a decided access level (add them to Expected): " + string.Join(", ", unknown));

        var failures = new List<string>();
        var cases = 0;
        foreach (var endpoint in endpoints)
        {
            foreach (var person in people)
            {
                cases++;
                var (method, path) = await RequestFor(endpoint);
                using var client = _portal.Client(person.Token);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST" && path == "/api/deployments/")
                {
                    request.Content = new StringContent(ValidSpec, Encoding.UTF8, "application/json");
                }

                var response = await client.SendAsync(request);
                var expected = ExpectedOutcome(Expected[endpoint], person, endpoint.Contains(" /api/", StringComparison.Ordinal));
                var actual = Describe(response);
                output.WriteLine($"{endpoint,-50} {person.Name,-32} → {actual}");
                if (actual != expected)
                {
                    failures.Add($"{endpoint} as {person.Name}: expected {expected}, got {actual}");
                }
            }
        }

        output.WriteLine($"{cases} cases: {endpoints.Count} endpoints × {people.Length} kinds of person.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(endpoints.Count >= Expected.Count, "Fewer endpoints than expected were found: discovery is broken.");
    }

    [Fact]
    public async Task RefusedRequests_AreInTheAuditTrail_WithWhoAndFromWhere()
    {
        var id = await _portal.SeedAsync("u-owner", "Olga Owner");
        using var viewer = _portal.Client(_issuer.Token("u-viewer", "Vera Viewer", "secureapi-viewers"));
        using var other = _portal.Client(_issuer.Token("u-other-op", "Otto Other", "secureapi-operators"));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/deployments/", new StringContent(ValidSpec, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync($"/api/deployments/{id}")).StatusCode);

        var trail = await _portal.AuditTrailAsync();
        var policy = Assert.Single(trail, a => a.Action == AuditActions.AccessDenied && a.ActorId == "u-viewer");
        Assert.Equal(AuditOutcome.Denied, policy.Outcome);
        Assert.Equal("Vera Viewer", policy.ActorName);
        Assert.Equal("127.0.0.1", policy.RemoteAddress);
        Assert.Contains("POST /api/deployments", policy.Detail);
        var ownership = Assert.Single(trail, a => a.Action == AuditActions.Delete && a.ActorId == "u-other-op");
        Assert.Equal(AuditOutcome.Denied, ownership.Outcome);
        Assert.Equal(id, ownership.DeploymentId);
        Assert.Equal("127.0.0.1", ownership.RemoteAddress);
    }

    [Fact]
    public async Task ForgedOrForeignTokens_AreRejected_AndNoTokenOrClientSecretReachesTheLogs()
    {
        var forged = _issuer.ForgedToken("u-admin", "Ada Admin", "secureapi-admins");
        var good = _issuer.Token("u-admin", "Ada Admin", "secureapi-admins");
        using var forger = _portal.Client(forged);
        using var admin = _portal.Client(good);

        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/api/deployments/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/deployments/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/audit")).StatusCode);

        var trail = await _portal.AuditTrailAsync();
        Assert.Contains(trail, a => a.Action == AuditActions.SignIn && a.Outcome == AuditOutcome.Failed && a.RemoteAddress == "127.0.0.1");
        Assert.All(trail, a => Assert.DoesNotContain("eyJ", a.Detail ?? ""));
        foreach (var entry in _portal.Logs.Entries)
        {
            Assert.DoesNotContain("eyJ", entry.Text);
            Assert.DoesNotContain(SecurityPortal.ClientSecret, entry.Text);
        }
    }

    [Fact]
    public async Task TeamSignIn_OffersTheOrganisationsSignIn_AndGoesThereWithCodeFlowAndPkce()
    {
        using var anonymous = _portal.Client();

        var page = await (await anonymous.GetAsync("/signin?returnUrl=%2Faudit")).Content.ReadAsStringAsync();
        Assert.Contains("Sign in with your organisation", page);
        var challenge = await anonymous.GetAsync("/signin/oidc?returnUrl=%2Faudit");

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!.ToString();
        Assert.StartsWith($"{_issuer.Issuer}/authorize?", location);
        Assert.Contains($"client_id={TestIssuer.ClientId}", location);
        Assert.Contains("response_type=code", location);
        Assert.Contains("code_challenge_method=S256", location);
        Assert.Contains("code_challenge=", location);
        Assert.DoesNotContain(SecurityPortal.ClientSecret, location);
        // A return address off the site is not followed: the sign-in page is no open redirect.
        Assert.Equal("/", SecureApi.Portal.Security.SignInEndpoints.LocalUrl("https://evil.example/"));
        Assert.Equal("/", SecureApi.Portal.Security.SignInEndpoints.LocalUrl("//evil.example/"));
        Assert.Equal("/audit", SecureApi.Portal.Security.SignInEndpoints.LocalUrl("/audit"));
    }

    [Fact]
    public async Task TeamMode_WithoutAnAuthority_RefusesToStart_NamingTheKey()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SecurityPortal.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Team",
            ["Auth:Oidc:ClientId"] = TestIssuer.ClientId,
        }));

        Assert.Contains("Auth:Oidc:Authority", refused.Message);
    }

    private List<string> DiscoverEndpoints()
    {
        var source = _portal.Services.GetRequiredService<EndpointDataSource>();
        var found = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var isApi = pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || pattern.Equals("/api", StringComparison.OrdinalIgnoreCase);
            if (!isPage && !isApi)
            {
                continue;
            }

            // Pages also accept POST for their forms; the same policy guards both, GET is what a person opens.
            var methods = isPage ? ["GET"] : endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                found.Add($"{method} {pattern}");
            }
        }

        return [.. found];
    }

    /// <summary>A concrete request: every {id} is a fresh deployment owned by "u-owner", so cases do not interfere.</summary>
    private async Task<(string Method, string Path)> RequestFor(string endpoint)
    {
        var method = endpoint[..endpoint.IndexOf(' ')];
        var path = endpoint[(endpoint.IndexOf(' ') + 1)..];
        if (path.Contains("{id:guid}", StringComparison.OrdinalIgnoreCase))
        {
            var id = await _portal.SeedAsync("u-owner", "Olga Owner");
            path = path.Replace("{id:guid}", id.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("{", path);
        return (method, path);
    }

    private static string ExpectedOutcome(Access access, Person person, bool api)
    {
        if (access == Access.Anyone)
        {
            return "allowed";
        }

        if (person.Token is null)
        {
            return api ? "401" : "302 → /signin";
        }

        var allowed = person.Name switch
        {
            "Viewer" => access == Access.Viewer,
            "Operator, not the owner" => access is Access.Viewer or Access.Operator,
            "Operator, owner" => access is Access.Viewer or Access.Operator or Access.OwnerOrAdmin,
            "Admin" => true,
            _ => false,
        };
        return allowed ? "allowed" : "403";
    }

    // 409 (not possible now: e.g. verifying a seeded deployment that has no app client) comes only after the role
    // and ownership checks have let the person through, so for this matrix it counts as allowed.
    private static string Describe(HttpResponseMessage response) => (int)response.StatusCode switch
    {
        >= 200 and < 300 or 409 => "allowed",
        302 when response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true => "302 → /signin",
        var code => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private sealed record Person(string Name, string? Token);

    private enum Access
    {
        /// <summary>No sign-in needed (the error page).</summary>
        Anyone,
        Viewer,
        Operator,
        /// <summary>An Operator who owns the deployment, or an Admin (ownership is checked by the service).</summary>
        OwnerOrAdmin,
        Admin,
    }
}
