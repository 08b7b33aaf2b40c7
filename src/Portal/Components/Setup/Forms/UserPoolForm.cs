using Microsoft.AspNetCore.Components.Forms;

namespace SecureApi.Portal.Components.Setup.Forms;

public enum PoolChoiceMode
{
    New,
    Existing,
}

/// <summary>Step 3: a new Cognito user pool, or an existing one of the region; and the app client the API trusts.</summary>
/// <param name="regionOf">The region chosen in step 1: an existing pool must live there.</param>
public sealed class UserPoolForm(Func<string?> regionOf) : ISetupForm
{
    public PoolChoiceMode Mode { get; set; } = PoolChoiceMode.New;

    [SpecField(SpecField.PoolName)]
    public string? Name { get; set; } = "users-api-users";

    public bool SignInWithEmail { get; set; } = true;
    public bool SignInWithPhone { get; set; }
    public bool SignInWithUsername { get; set; }

    [SpecField(SpecField.ExistingPoolId)]
    public string? ExistingPoolId { get; set; }

    /// <summary>Optional: empty means the service names the client after the API.</summary>
    [SpecField(SpecField.ClientName)]
    public string? ClientName { get; set; }

    public string? Region => regionOf();

    /// <summary>The sign-in identifiers as the spec writes them; validated as one field.</summary>
    [SpecField(SpecField.SignInWith)]
    public List<string> SignInWith =>
    [
        .. SignInWithEmail ? ["email"] : Array.Empty<string>(),
        .. SignInWithPhone ? ["phone"] : Array.Empty<string>(),
        .. SignInWithUsername ? ["username"] : Array.Empty<string>(),
    ];

    public FieldIdentifier? FieldFor(string specKey) => specKey.ToLowerInvariant() switch
    {
        "userpool" or "userpool.name" => new FieldIdentifier(this, Mode == PoolChoiceMode.New ? nameof(Name) : nameof(ExistingPoolId)),
        "userpool.existingpoolid" => new FieldIdentifier(this, nameof(ExistingPoolId)),
        var key when key.StartsWith("userpool.signinwith", StringComparison.Ordinal) => new FieldIdentifier(this, nameof(SignInWith)),
        "appclient" or "appclient.name" => new FieldIdentifier(this, nameof(ClientName)),
        _ => null,
    };
}
