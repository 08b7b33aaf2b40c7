using System.Text.Json;

namespace SecureApi.Sandbox.Wire;

/// <summary>
/// Reads members of a JSON request body, turning a missing or mistyped member into the service's validation error
/// (Cognito: InvalidParameterException "1 validation error detected…"; API Gateway: BadRequestException).
/// </summary>
internal sealed class RequestReader(JsonElement body, Func<string, SandboxAwsError> invalid)
{
    public JsonElement Body { get; } = body;

    public SandboxAwsError Invalid(string message) => invalid(message);

    public bool Has(string name) => TryGet(name, out _);

    public string RequiredString(string name) =>
        String(name) ?? throw invalid($"1 validation error detected: Value null at '{ToCamel(name)}' failed to satisfy constraint: Member must not be null");

    public string? String(string name) => TryGet(name, out var value) ? Expect(name, value, JsonValueKind.String).GetString() : null;

    public bool? Bool(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw invalid($"Member '{name}' must be a boolean."),
        };
    }

    public int? Int(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return Expect(name, value, JsonValueKind.Number).TryGetInt32(out var number)
            ? number
            : throw invalid($"Member '{name}' must be an integer.");
    }

    public List<string>? Strings(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return Expect(name, value, JsonValueKind.Array).EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw invalid($"Member '{name}' must be a list of strings."))
            .ToList();
    }

    public Dictionary<string, string>? StringMap(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return Expect(name, value, JsonValueKind.Object).EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw invalid($"Member '{name}' must map strings to strings."),
            StringComparer.Ordinal);
    }

    public RequestReader? Object(string name) =>
        TryGet(name, out var value) ? new RequestReader(Expect(name, value, JsonValueKind.Object), invalid) : null;

    public IEnumerable<RequestReader> Objects(string name) =>
        TryGet(name, out var value)
            ? Expect(name, value, JsonValueKind.Array).EnumerateArray().Select(item => new RequestReader(Expect(name, item, JsonValueKind.Object), invalid)).ToList()
            : [];

    private bool TryGet(string name, out JsonElement value)
    {
        if (Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private JsonElement Expect(string name, JsonElement value, JsonValueKind kind) =>
        value.ValueKind == kind ? value : throw new SandboxAwsError("SerializationException", $"Member '{name}' has the wrong JSON type.");

    private static string ToCamel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
