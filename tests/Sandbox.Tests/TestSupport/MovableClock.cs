namespace SecureApi.Sandbox.Tests.TestSupport;

/// <summary>The machine's clock plus an offset a test can change while a Sandbox runs on it.</summary>
internal sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
