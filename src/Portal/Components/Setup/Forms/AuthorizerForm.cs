using Microsoft.AspNetCore.Components.Forms;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Portal.Components.Setup.Forms;

/// <summary>Step 4: the JWT authorizer. Issuer and audience are computed, never typed.</summary>
public sealed class AuthorizerForm : ISetupForm
{
    [SpecField(SpecField.AuthorizerName)]
    public string? Name { get; set; } = SpecDefaults.AuthorizerName;

    [SpecField(SpecField.IdentitySource)]
    public string? IdentitySource { get; set; } = SpecDefaults.IdentitySource;

    public FieldIdentifier? FieldFor(string specKey) => specKey.ToLowerInvariant() switch
    {
        "authorizer" or "authorizer.name" => new FieldIdentifier(this, nameof(Name)),
        var key when key.StartsWith("authorizer.identitysource", StringComparison.Ordinal) => new FieldIdentifier(this, nameof(IdentitySource)),
        _ => null,
    };
}
