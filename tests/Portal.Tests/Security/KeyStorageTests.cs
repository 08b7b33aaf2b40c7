using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Portal.Tests.Security.Support;
using SecureApi.Provisioning.Keys;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Tests.Security;

/// <summary>
/// The keys behind sign-in cookies and antiforgery tokens live in the records database: a restarted (or re-created, or
/// second) portal on the same records accepts the same session; a portal on other records does not.
/// </summary>
public sealed class KeyStorageTests
{
    [Fact]
    public async Task SignInCookie_StillWorksAfterThePortalRestarts_OnTheSameRecords_ButNotOnOthers()
    {
        var records = Directory.CreateTempSubdirectory("secureapi-keys-").FullName;
        var settings = new Dictionary<string, string?> { ["Records:DataDirectory"] = records };
        try
        {
            string session;
            await using (var first = await SecurityPortal.StartLocalAsync(settings))
            {
                var cookies = new CookieContainer();
                using var browser = first.Client(cookies: cookies);
                Assert.Equal(HttpStatusCode.Redirect, (await SecurityPortal.OpenSignInLinkAsync(browser, await first.NextSignInLinkAsync(0))).StatusCode);
                session = cookies.GetCookies(first.BaseAddress)["SecureApi.Auth"]!.Value;
            }

            await using var restarted = await SecurityPortal.StartLocalAsync(settings);
            Assert.Equal(HttpStatusCode.OK, (await GetWithSessionAsync(restarted, session)).StatusCode);
            await using (var db = await restarted.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContextAsync())
            {
                Assert.Single(await db.StoredKeys.Where(k => k.Ring == KeyStorage.PortalRing).ToListAsync());
            }

            await using var elsewhere = await SecurityPortal.StartLocalAsync();
            var refused = await GetWithSessionAsync(elsewhere, session);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/signin", refused.Headers.Location!.PathAndQuery(elsewhere.BaseAddress), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(records, recursive: true);
        }
    }

    [Fact]
    public async Task ACertificateThatCannotBeRead_StopsTheStart_NamingTheSetting()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.pfx");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SecurityPortal.StartLocalAsync(
            new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = path, ["DataProtection:CertificatePassword"] = "secret-pfx-password" }));

        Assert.Contains($"DataProtection:CertificatePath: '{path}' could not be read", error.Message);
        Assert.DoesNotContain("secret-pfx-password", error.ToString());
    }

    private static async Task<HttpResponseMessage> GetWithSessionAsync(SecurityPortal portal, string session)
    {
        // A client of its own that sends exactly this cookie, whatever port the portal listens on now.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = portal.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"SecureApi.Auth={session}");
        return await client.SendAsync(request);
    }
}
