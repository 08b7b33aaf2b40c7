using Microsoft.Extensions.Options;
using SecureApi.Portal.Components;
using SecureApi.Portal.Components.Setup;
using SecureApi.Portal.Security;
using SecureApi.Portal.Services;

namespace SecureApi.Portal;

/// <summary>Registration and mapping of the portal's pages (the Blazor UI) with their sign-in; the JSON API registers itself.</summary>
public static class PortalUiExtensions
{
    public static IHostApplicationBuilder AddPortalUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 32 * 1024);
        // Pages are never served without sign-in: the security comes with the UI.
        builder.AddPortalSecurity();

        builder.Services.AddOptions<PortalModeOptions>()
            .Configure<IConfiguration>(BindMode)
            .Validate(HasUsableSandboxUrl, "Sandbox:Url must be an absolute http(s) URL when Sandbox:Enabled is true.")
            .ValidateOnStart();

        // Scoped = one per circuit: what was typed in the guided setup survives moving between steps and pages.
        builder.Services.AddScoped<SetupWizardState>();
        return builder;
    }

    public static WebApplication MapPortalUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UsePortalSecurity();
        app.UseAntiforgery();
        // The sign-in page needs the stylesheet; files reveal nothing that is not in the repository.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        app.MapPortalSignIn();
        return app;
    }

    private static void BindMode(PortalModeOptions options, IConfiguration configuration)
    {
        // The Sandbox is on unless configured off: the same default as SandboxOptions, so header and engine agree.
        options.Sandbox = configuration.GetValue("Sandbox:Enabled", new Sandbox.SandboxOptions().Enabled);
        options.SandboxEndpoint = configuration["Sandbox:Url"] ?? new Sandbox.SandboxOptions().Url;
        options.Region = configuration["AWS:Region"];
        options.Account = configuration["AWS:Account"];
    }

    private static bool HasUsableSandboxUrl(PortalModeOptions options) =>
        !options.Sandbox
        || (Uri.TryCreate(options.SandboxEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
