using System.Text;
using System.Text.Json.Nodes;
using System.Buffers.Text;

namespace SecureApi.Provisioning.Verification;

/// <summary>A valid JWT with its payload changed and its signature kept: what an attacker editing claims would send.</summary>
internal static class TokenTampering
{
    /// <summary>Changes the <c>sub</c> claim (adds one when missing); header and signature stay as they were.</summary>
    public static string? From(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        JsonObject? payload;
        try
        {
            payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            return null;
        }

        if (payload is null)
        {
            return null;
        }

        payload["sub"] = "00000000-0000-0000-0000-000000000000";
        payload["cognito:groups"] = new JsonArray("admin");
        var changed = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return $"{parts[0]}.{changed}.{parts[2]}";
    }

    /// <summary>The <c>exp</c> claim of a JWT (unverified: only to show when a token stops working).</summary>
    public static DateTimeOffset? ExpiryOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))?["exp"]?.GetValue<long>() is { } exp
                ? DateTimeOffset.FromUnixTimeSeconds(exp)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
