using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LiveBuddy.Core.Pipeline;

/// <summary>
/// Named counters for what was received, dropped, skipped or rejected (<c>pipeline.duplicates</c>,
/// <c>storage.dropped</c>…). Each is a <see cref="Counter{T}"/> on the <see cref="MeterName"/> meter, so OpenTelemetry
/// exports it (<c>/metrics</c>, OTLP); <c>/healthz</c> reads the totals back from the same instruments through a
/// <see cref="MeterListener"/>. Hot paths keep the <see cref="Counter"/> they get once.
/// </summary>
public sealed class Counters : IDisposable
{
    /// <summary>The meter every LiveBuddy counter is on.</summary>
    public const string MeterName = "LiveBuddy";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();

    /// <summary>Counters on a meter of their own (tests, tools).</summary>
    public Counters()
        : this(new Meter(MeterName), ownsMeter: true)
    {
    }

    /// <summary>Counters on the host's meter (the one OpenTelemetry exports).</summary>
    public Counters(IMeterFactory meterFactory)
        : this((meterFactory ?? throw new ArgumentNullException(nameof(meterFactory))).Create(MeterName), ownsMeter: false)
    {
    }

    private Counters(Meter meter, bool ownsMeter)
    {
        _meter = meter;
        _ownsMeter = ownsMeter;
        _listener.SetMeasurementEventCallback<long>(static (_, value, _, state) => ((Counter)state!).Record(value));
        _listener.Start();
    }

    public Counter Get(string name)
    {
        if (_counters.TryGetValue(name, out var counter)) return counter;
        // One instrument per name: two instruments of one name would split the count between them.
        lock (_creating)
        {
            if (_counters.TryGetValue(name, out counter)) return counter;
            counter = new Counter(name, _meter.CreateCounter<long>(name));
            _listener.EnableMeasurementEvents(counter.Instrument, counter);
            _counters[name] = counter;
            return counter;
        }
    }

    public void Add(string name, long delta = 1) => Get(name).Add(delta);

    public long Value(string name) => _counters.TryGetValue(name, out var c) ? c.Value : 0;

    public IReadOnlyDictionary<string, long> Snapshot() =>
        _counters.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);

    public void Dispose()
    {
        _listener.Dispose();
        if (_ownsMeter) _meter.Dispose();
    }
}

/// <summary>One named count: a <see cref="Counter{T}"/> and the total its measurements add up to.</summary>
public sealed class Counter
{
    private long _total;

    internal Counter(string name, Counter<long> instrument)
    {
        Name = name;
        Instrument = instrument;
    }

    public string Name { get; }

    /// <summary>The total of every measurement so far (what <c>/healthz</c> shows).</summary>
    public long Value => Interlocked.Read(ref _total);

    internal Counter<long> Instrument { get; }

    public void Add(long delta = 1) => Instrument.Add(delta);

    public void Increment() => Instrument.Add(1);

    internal void Record(long value) => Interlocked.Add(ref _total, value);
}
