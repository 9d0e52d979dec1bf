using System.Collections.Concurrent;

namespace LiveBuddy.Core.Sources;

/// <summary>How a chat or event source is doing right now.</summary>
public enum SourceState { Starting, Connected, Reconnecting, Idle, Stopped, Failed, Disabled }

/// <summary>One source's status as <c>/healthz</c> and the control page show it.</summary>
public sealed record SourceStatus(string Name, SourceState State, string? Detail, DateTimeOffset Since,
    IReadOnlyDictionary<string, object>? Extra = null);

/// <summary>Where every source reports its state; read by health checks and the control page.</summary>
public sealed class SourceStatusBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SourceStatus> _sources = new(StringComparer.Ordinal);

    public void Report(string name, SourceState state, string? detail = null, IReadOnlyDictionary<string, object>? extra = null) =>
        _sources.AddOrUpdate(name,
            _ => new SourceStatus(name, state, detail, time.GetUtcNow(), extra),
            (_, old) => new SourceStatus(name, state, detail, old.State == state ? old.Since : time.GetUtcNow(), extra ?? old.Extra));

    public IReadOnlyList<SourceStatus> All() => _sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    public SourceStatus? Get(string name) => _sources.TryGetValue(name, out var s) ? s : null;
}
