namespace SecureApi.Provisioning.Records;

/// <summary>
/// The verification test user's password of one deployment, kept between runs only in protected form (ASP.NET Core
/// Data Protection). The user itself is recorded as a <c>TestUser</c> resource so that a delete removes it.
/// </summary>
public sealed class TestUserCredential
{
    public Guid DeploymentId { get; set; }
    /// <summary>The sign-in name of the test user.</summary>
    public string Username { get; set; } = "";
    /// <summary>The password as protected by the verification's data protector; never the plain text.</summary>
    public string ProtectedPassword { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
