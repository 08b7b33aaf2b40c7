namespace SecureApi.Sandbox.Wire;

/// <summary>Tells whoever keeps the state on disk that an operation may have changed it.</summary>
internal sealed class StateChangeNotifier
{
    public event Action? Changed;

    public void Notify() => Changed?.Invoke();
}
