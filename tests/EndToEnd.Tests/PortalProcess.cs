using System.Diagnostics;
using System.Reflection;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace SecureApi.EndToEnd.Tests;

/// <summary>
/// Runs the real portal as a separate process, as `dotnet run --project src/Portal` would (Development environment,
/// content root src/Portal, Sandbox enabled), on free loopback ports and with its records in a temporary folder.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _signInLinksUsed;
    private readonly string _dataDirectory;

    private PortalProcess(Process process, Uri portalUrl, Uri sandboxUrl, string dataDirectory)
    {
        _process = process;
        PortalUrl = portalUrl;
        SandboxUrl = sandboxUrl;
        _dataDirectory = dataDirectory;
    }

    public Uri PortalUrl { get; }
    public Uri SandboxUrl { get; }

    /// <summary>Everything the portal printed so far (stdout and stderr).</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>
    /// Opens the portal at <paramref name="relativePath"/> as a signed-in person, ready to be clicked and typed into:
    /// the page's browser opens the next one-time sign-in link the portal printed (as a person copies it from the
    /// terminal), which sets the sign-in cookie; then it goes to the page and waits until it is interactive.
    /// </summary>
    public async Task SignInAsync(IPage page, string relativePath = "")
    {
        var link = await NextSignInLinkAsync();
        await OpenSignInLinkAsync(page, link);
        if (new Uri(page.Url).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in with the printed link did not work (now at {page.Url}).");
        }

        await page.GotoAsync(new Uri(PortalUrl, relativePath).ToString());
        await WaitUntilInteractiveAsync(page);
    }

    /// <summary>The local token the portal was started with: scripts send it as <c>Authorization: Bearer</c>.</summary>
    public string LocalToken { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Opens a sign-in link as a person pasting it into the address bar: the sign-in page's script posts the token
    /// (after '#') and the browser lands on the dashboard — or stays on the sign-in page, which then says why.
    /// </summary>
    public static async Task OpenSignInLinkAsync(IPage page, string link)
    {
        await page.GotoAsync(link);
        // The script posts the form at once: done when the browser has left the sign-in page, or the page it came back
        // to says why not.
        await page.WaitForFunctionAsync("() => location.pathname !== '/signin' || document.querySelector('[role=alert]') !== null");
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Each printed link works once; the portal prints the next one after a link is used.</summary>
    public async Task<string> NextSignInLinkAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            lock (_output)
            {
                var links = SignInLink().Matches(_output.ToString()).Select(m => m.Value).Distinct().ToList();
                if (links.Count > _signInLinksUsed)
                {
                    return links[_signInLinksUsed++];
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The portal printed no unused sign-in link within 60 s:\n{OutputTail()}");
            }

            await Task.Delay(100);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"http://127\.0\.0\.1:\d+/signin#token=[A-Za-z0-9_%.~-]+")]
    private static partial System.Text.RegularExpressions.Regex SignInLink();

    /// <summary>
    /// A server-rendered page shows before its circuit is connected and ignores input until then; pages mark
    /// themselves (<c>data-interactive</c>) once they are live.
    /// </summary>
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>The last lines the portal printed, for a failure message.</summary>
    public string OutputTail(int lines = 80)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public static async Task<PortalProcess> StartAsync(IDictionary<string, string>? settings = null)
    {
        var repo = RepositoryRoot();
        var dll = PortalDll(repo);

        var portalPort = FreePort();
        var sandboxPort = FreePort();
        var data = Directory.CreateTempSubdirectory("secureapi-e2e-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(repo, "src", "Portal"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["Urls"] = $"http://127.0.0.1:{portalPort}";
        start.Environment["Sandbox__Enabled"] = "true";
        start.Environment["Sandbox__Url"] = $"http://127.0.0.1:{sandboxPort}";
        start.Environment["Records__DataDirectory"] = data;
        // Local mode, as `dotnet run` starts it; browsers sign in with the printed links (every test opens a few).
        start.Environment["Auth__SignInAttemptsPerMinute"] = "1000";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var portal = new PortalProcess(process, new Uri($"http://127.0.0.1:{portalPort}/"), new Uri($"http://127.0.0.1:{sandboxPort}/"), data);
        start.Environment["Auth__LocalToken"] = portal.LocalToken;
        // Settings last, so a test can also unset the local token (an empty value) and get the portal's random one.
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await portal.WaitUntilHealthyAsync();
        return portal;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) { _output.AppendLine(line); }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var response = await http.GetAsync(new Uri(PortalUrl, "healthz"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The portal did not become healthy within 90 s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SecureApi.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("SecureApi.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The portal to run: SECUREAPI_PORTAL_DLL when set, else the build MSBuild recorded for this test build (the
    /// ProjectReference builds it first, in the same configuration), else that configuration under src/Portal/bin.
    /// </summary>
    private static string PortalDll(string repo)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SECUREAPI_PORTAL_DLL") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }
        var recorded = typeof(PortalProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "PortalDll")?.Value;
        if (!string.IsNullOrEmpty(recorded))
        {
            candidates.Add(recorded);
        }
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name; // bin/<Configuration>/net10.0
        candidates.Add(Path.Combine(repo, "src", "Portal", "bin", configuration, testOutput.Name, "SecureApi.Portal.dll"));

        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            $"The portal is not built (looked at {string.Join(", ", candidates)}). Build the solution first: dotnet build SecureApi.sln -c {configuration}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
