using System.Collections.Concurrent;

namespace SecureApi.Sandbox;

/// <summary>
/// Run-time fault injection and call counting for the Sandbox's AWS (control-plane) operations: latency, a token
/// bucket per service, the Nth call of an operation failing, per-operation call counters, and a hook that runs after
/// an operation changed state but before its response is sent. Thread-safe; starts from <see cref="SandboxOptions"/>.
/// </summary>
public sealed class SandboxControl
{
    private readonly Lock _gate = new();
    private readonly SandboxOptions _configured;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly List<ArmedFault> _faults = [];
    private int _totalCalls;
    private int _latencyMs;
    private ThrottleOptions? _throttle;

    public SandboxControl(SandboxOptions options, TimeProvider? timeProvider = null)
    {
        _configured = options;
        _time = timeProvider ?? TimeProvider.System;
        Reset();
    }

    /// <summary>
    /// Runs after an operation's state change succeeded and before its response is written, with the operation
    /// name. Throwing from it aborts the connection, so the caller sees the call fail although AWS-side it happened
    /// (a crash between the AWS call and the caller's journal write).
    /// </summary>
    public Func<string, Task>? AfterOperation { get; set; }

    /// <summary>Latency added to every control-plane call, in milliseconds (0 = none).</summary>
    public int LatencyMs
    {
        get => Volatile.Read(ref _latencyMs);
        set => Volatile.Write(ref _latencyMs, Math.Max(0, value));
    }

    /// <summary>The current token-bucket settings (one bucket per service), or null when not throttling.</summary>
    public ThrottleOptions? Throttle
    {
        get { lock (_gate) { return _throttle is null ? null : Copy(_throttle); } }
    }

    /// <summary>Calls answered since the last reset, all operations together.</summary>
    public int TotalCalls => Volatile.Read(ref _totalCalls);

    /// <summary>Calls of one operation (e.g. <c>CreateRoute</c>) since the last reset, whatever their outcome.</summary>
    public int CallCount(string operation) => _calls.TryGetValue(operation, out var count) ? count : 0;

    /// <summary>A snapshot of the per-operation counters.</summary>
    public IReadOnlyDictionary<string, int> CallCounts() => new SortedDictionary<string, int>(_calls, StringComparer.Ordinal);

    /// <summary>The faults still armed (set but not yet used up).</summary>
    public IReadOnlyList<FaultOptions> Faults
    {
        get { lock (_gate) { return _faults.Select(f => Copy(f.Options)).ToList(); } }
    }

    /// <summary>Sets (or with null removes) throttling; both services get a full bucket.</summary>
    public void SetThrottle(ThrottleOptions? throttle)
    {
        if (throttle is not null && (throttle.Burst < 0 || throttle.RatePerSecond < 0))
        {
            throw new ArgumentException("Throttle burst and rate must not be negative.", nameof(throttle));
        }

        lock (_gate)
        {
            _throttle = throttle is null ? null : Copy(throttle);
            _buckets.Clear();
        }
    }

    /// <summary>Arms a fault: the <see cref="FaultOptions.OnCall"/>th call of the operation from now fails, <see cref="FaultOptions.Times"/> times in a row.</summary>
    public void AddFault(FaultOptions fault)
    {
        if (string.IsNullOrWhiteSpace(fault.Operation) || fault.OnCall < 1 || fault.Times < 1
            || string.IsNullOrWhiteSpace(fault.ErrorCode) || fault.StatusCode is < 400 or > 599)
        {
            throw new ArgumentException("A fault needs an operation, OnCall >= 1, Times >= 1, an error code and a 4xx/5xx status.", nameof(fault));
        }

        lock (_gate)
        {
            _faults.Add(new ArmedFault(Copy(fault)));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Zeroes the call counters only.</summary>
    public void ResetCounters()
    {
        _calls.Clear();
        Volatile.Write(ref _totalCalls, 0);
    }

    /// <summary>Back to the configured behaviour: counters zeroed, configured latency, throttle and faults re-armed; <see cref="AfterOperation"/> kept.</summary>
    public void Reset()
    {
        ResetCounters();
        LatencyMs = _configured.LatencyMs;
        SetThrottle(_configured.Throttle);
        lock (_gate)
        {
            _faults.Clear();
            foreach (var fault in _configured.Faults)
            {
                _faults.Add(new ArmedFault(Copy(fault)));
            }
        }
    }

    internal void CountCall(string operation)
    {
        _calls.AddOrUpdate(operation, 1, (_, count) => count + 1);
        Interlocked.Increment(ref _totalCalls);
    }

    internal Task DelayAsync(CancellationToken cancellationToken)
    {
        var latency = LatencyMs;
        return latency > 0 ? Task.Delay(TimeSpan.FromMilliseconds(latency), _time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Takes a token from the service's bucket; false when it is empty.</summary>
    internal bool TryAcquire(string service)
    {
        lock (_gate)
        {
            if (_throttle is null)
            {
                return true;
            }

            if (!_buckets.TryGetValue(service, out var bucket))
            {
                bucket = new TokenBucket(_throttle.Burst, _time.GetTimestamp());
                _buckets[service] = bucket;
            }

            return bucket.TryTake(_throttle, _time);
        }
    }

    /// <summary>Advances the armed faults of this operation; returns the one that fires on this call, if any.</summary>
    internal FaultOptions? NextFault(string operation)
    {
        lock (_gate)
        {
            FaultOptions? firing = null;
            foreach (var fault in _faults.Where(f => f.Matches(operation)))
            {
                fault.Calls++;
                if (firing is null && fault.Calls >= fault.Options.OnCall && fault.Calls < fault.Options.OnCall + fault.Options.Times)
                {
                    firing = fault.Options;
                }
            }

            _faults.RemoveAll(f => f.Calls >= f.Options.OnCall + f.Options.Times - 1);
            return firing;
        }
    }

    private static ThrottleOptions Copy(ThrottleOptions t) => new() { Burst = t.Burst, RatePerSecond = t.RatePerSecond };

    private static FaultOptions Copy(FaultOptions f) => new()
    {
        Operation = f.Operation, OnCall = f.OnCall, Times = f.Times,
        ErrorCode = f.ErrorCode, StatusCode = f.StatusCode, Message = f.Message,
    };

    private sealed class ArmedFault(FaultOptions options)
    {
        public FaultOptions Options { get; } = options;
        public int Calls { get; set; }

        // "*" arms a fault on every operation, handy for "the next call fails, whatever it is".
        public bool Matches(string operation) => Options.Operation == "*" || string.Equals(Options.Operation, operation, StringComparison.Ordinal);
    }

    private sealed class TokenBucket(double tokens, long lastRefill)
    {
        private double _tokens = tokens;
        private long _lastRefill = lastRefill;

        public bool TryTake(ThrottleOptions throttle, TimeProvider time)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(throttle.Burst, _tokens + time.GetElapsedTime(_lastRefill, now).TotalSeconds * throttle.RatePerSecond);
            _lastRefill = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
