namespace SecureApi.Sandbox;

/// <summary>
/// Runs the Sandbox on its own: <c>dotnet run --project src/Sandbox</c>. Configuration from appsettings.json,
/// environment variables (<c>Sandbox__Url</c>) and the command line (<c>--Sandbox:Url=http://127.0.0.1:4566</c>).
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        // Run alone, the Sandbox is the whole point: Sandbox:Enabled (meant for the portal) does not apply.
        builder.Configuration[$"{SandboxOptions.SectionName}:{nameof(SandboxOptions.Enabled)}"] = "true";
        builder.AddSandbox();
        using var host = builder.Build();
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<ISandboxEndpoint>().Endpoint;
        Console.WriteLine($"SecureApi Sandbox: AWS endpoint {endpoint} (Cognito IdP and API Gateway v2). Press Ctrl+C to stop.");
        await host.WaitForShutdownAsync();
    }
}
