using Microsoft.AspNetCore.Components.Forms;

namespace SecureApi.Portal.Components.Setup.Forms;

/// <summary>Step 1: the HTTP API itself.</summary>
public sealed class ApiForm : ISetupForm
{
    [SpecField(SpecField.ApiName)]
    public string? Name { get; set; } = "users-api";

    [SpecField(SpecField.Region)]
    public string? Region { get; set; } = "us-east-1";

    public FieldIdentifier? FieldFor(string specKey) => specKey.ToLowerInvariant() switch
    {
        "api" or "api.name" => new FieldIdentifier(this, nameof(Name)),
        "region" => new FieldIdentifier(this, nameof(Region)),
        _ => null,
    };
}
