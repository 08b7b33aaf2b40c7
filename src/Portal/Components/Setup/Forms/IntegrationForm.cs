using Microsoft.AspNetCore.Components.Forms;

namespace SecureApi.Portal.Components.Setup.Forms;

/// <summary>Step 5: where the API forwards a request once the authorizer lets it through.</summary>
public sealed class IntegrationForm : ISetupForm
{
    [SpecField(SpecField.IntegrationMethod)]
    public string Method { get; set; } = "ANY";

    [SpecField(SpecField.IntegrationUrl)]
    public string? Url { get; set; }

    public FieldIdentifier? FieldFor(string specKey) => specKey.ToLowerInvariant() switch
    {
        "integration" or "integration.url" => new FieldIdentifier(this, nameof(Url)),
        "integration.method" => new FieldIdentifier(this, nameof(Method)),
        _ => null,
    };
}
