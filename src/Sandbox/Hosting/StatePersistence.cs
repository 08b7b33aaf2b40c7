using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SecureApi.Sandbox.State;
using SecureApi.Sandbox.Wire;

namespace SecureApi.Sandbox.Hosting;

/// <summary>
/// Keeps the Sandbox's state in <see cref="SandboxOptions.StatePath"/> (when set), so pools, APIs and the pools'
/// signing keys survive a restart: loaded at start, saved shortly after changes and at shutdown. The file holds
/// users' passwords and client secrets, so it is written readable by its owner only.
/// </summary>
internal sealed class StatePersistence : IAsyncDisposable
{
    private static readonly TimeSpan s_debounce = TimeSpan.FromMilliseconds(250);

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        IncludeFields = true,
        PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { IgnoreLock } },
    };

    private readonly SandboxState _state;
    private readonly string? _path;
    private readonly Timer _timer;
    private readonly Lock _writeGate = new();

    public StatePersistence(SandboxState state, SandboxOptions options, StateChangeNotifier changes)
    {
        _state = state;
        _path = string.IsNullOrWhiteSpace(options.StatePath) ? null : Path.GetFullPath(options.StatePath);
        _timer = new Timer(_ => Save(), null, Timeout.Infinite, Timeout.Infinite);
        if (_path is not null)
        {
            changes.Changed += () => _timer.Change(s_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The saved state, or an empty one when no file is configured or none exists yet.</summary>
    public static SandboxState Load(SandboxOptions options)
    {
        var state = new SandboxState();
        if (string.IsNullOrWhiteSpace(options.StatePath) || !File.Exists(options.StatePath))
        {
            return state;
        }

        try
        {
            using var stream = File.OpenRead(options.StatePath);
            var loaded = JsonSerializer.Deserialize<SandboxState>(stream, s_json)
                ?? throw new InvalidOperationException("The file holds no state.");
            return loaded;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidOperationException($"Sandbox:StatePath '{options.StatePath}' could not be read as Sandbox state: {error.Message}", error);
        }
    }

    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        byte[] json;
        lock (_state.Gate)
        {
            json = JsonSerializer.SerializeToUtf8Bytes(_state, s_json);
        }

        lock (_writeGate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temporary = _path + ".tmp";
            File.WriteAllBytes(temporary, json);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, _path, overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        Save();
    }

    // The lock object is runtime-only; it has nothing to save.
    private static void IgnoreLock(JsonTypeInfo info)
    {
        if (info.Type == typeof(SandboxState))
        {
            var gate = info.Properties.Single(p => p.Name == nameof(SandboxState.Gate));
            info.Properties.Remove(gate);
        }
    }
}
