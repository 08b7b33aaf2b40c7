namespace SecureApi.Provisioning.Records;

/// <summary>
/// One ASP.NET Core Data Protection key (its XML as Data Protection writes it) of one key ring. Kept in the records so
/// that every portal instance on the database shares the keys, and a new container still reads what an old one
/// protected: the sign-in cookies and antiforgery tokens (ring <c>portal</c>) and the test users' passwords (ring
/// <c>verification</c>).
/// </summary>
public sealed class StoredKey
{
    public long Id { get; set; }
    /// <summary>Which key ring the key belongs to; rings never read each other's keys.</summary>
    public string Ring { get; set; } = "";
    /// <summary>Data Protection's name for the key (<c>key-{guid}</c>).</summary>
    public string FriendlyName { get; set; } = "";
    /// <summary>The key element, encrypted when a certificate is configured (<c>DataProtection:CertificatePath</c>).</summary>
    public string Xml { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
