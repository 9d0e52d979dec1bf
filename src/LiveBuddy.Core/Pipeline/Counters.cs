using System.Collections.Concurrent;

namespace LiveBuddy.Core.Pipeline;

/// <summary>
/// Named monotonically increasing counters for what was received, dropped, skipped or rejected.
/// Shown in <c>/healthz</c>; hot paths keep the <see cref="Counter"/> they get once.
/// </summary>
public sealed class Counters
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    public Counter Get(string name) => _counters.GetOrAdd(name, static n => new Counter(n));

    public void Add(string name, long delta = 1) => Get(name).Add(delta);

    public long Value(string name) => _counters.TryGetValue(name, out var c) ? c.Value : 0;

    public IReadOnlyDictionary<string, long> Snapshot() =>
        _counters.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
}

public sealed class Counter(string name)
{
    private long _value;
    public string Name { get; } = name;
    public long Value => Interlocked.Read(ref _value);
    public void Add(long delta = 1) => Interlocked.Add(ref _value, delta);
    public void Increment() => Interlocked.Increment(ref _value);
}
