namespace SecureApi.Portal.Components.Setup;

/// <summary>
/// Field errors the service returned on Create (keyed like <c>api.name</c>, <c>routes[0]</c>). Kept in the wizard so
/// each step shows its own when the person goes back to it; an error goes away once its field is edited.
/// </summary>
public sealed class ServerFieldErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string[]> All => _errors;

    public void Replace(IReadOnlyDictionary<string, string[]> errors)
    {
        _errors.Clear();
        foreach (var (key, messages) in errors)
        {
            _errors[key] = messages;
        }
    }

    public void Remove(string key) => _errors.Remove(key);

    public void Clear() => _errors.Clear();
}
