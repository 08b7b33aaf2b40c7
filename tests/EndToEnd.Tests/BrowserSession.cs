using Microsoft.Playwright;
using Xunit.Sdk;

namespace SecureApi.EndToEnd.Tests;

/// <summary>
/// One test's browser: its own context (cookies, storage, circuit) and page. <see cref="RunAsync"/> turns any failure
/// into a message that carries a screenshot path and the portal's last output, so a red run explains itself.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Generous for a slow shared 2-core machine; auto-waiting assertions poll until then.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly IBrowserContext _context;
    private readonly PortalProcess _portal;
    private readonly string _testName;

    private BrowserSession(IBrowserContext context, IPage page, PortalProcess portal, string testName)
    {
        _context = context;
        Page = page;
        _portal = portal;
        _testName = testName;
    }

    public IPage Page { get; }

    /// <summary>Where screenshots go: under the test output folder.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>A desktop window unless <paramref name="viewport"/> says otherwise (e.g. a phone's 390×844).</summary>
    public static async Task<BrowserSession> StartAsync(BrowserFixture browser, PortalProcess portal, string testName, ViewportSize? viewport = null)
    {
        Assertions.SetDefaultExpectTimeout((float)DefaultTimeout.TotalMilliseconds);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout((float)DefaultTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)DefaultTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, portal, testName);
    }

    /// <summary>Runs the scenario; on failure, saves a screenshot and rethrows with it and the portal output.</summary>
    public async Task RunAsync(Func<IPage, Task> scenario)
    {
        try
        {
            await scenario(Page);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var screenshot = await TryScreenshotAsync($"{_testName}-failure");
            throw new XunitException(
                $"{ex.Message}\n\nPage: {Page.Url}\nScreenshot: {screenshot}\n\nPortal output (last lines):\n{_portal.OutputTail()}\n\n{ex}");
        }
    }

    /// <summary>Saves a full-page screenshot under <see cref="ScreenshotDirectory"/> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private async Task<string> TryScreenshotAsync(string name)
    {
        try
        {
            return await ScreenshotAsync(name);
        }
        catch (PlaywrightException ex)
        {
            return $"(none: {ex.Message})";
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
