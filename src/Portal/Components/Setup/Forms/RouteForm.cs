namespace SecureApi.Portal.Components.Setup.Forms;

/// <summary>One route key, typed as a method picker plus a path.</summary>
public sealed class RouteForm
{
    public string Method { get; set; } = "GET";

    [SpecField(SpecField.RouteKey)]
    public string? Path { get; set; }

    /// <summary>The route key as API Gateway writes it: <c>GET /users/{userId}</c>.</summary>
    public string Key => $"{Method} {Path?.Trim()}";
}
