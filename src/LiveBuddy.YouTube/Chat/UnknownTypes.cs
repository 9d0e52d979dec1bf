namespace LiveBuddy.YouTube.Chat;

/// <summary>
/// Message types YouTube sent that LiveBuddy does not know yet, with how often each came: shown on /healthz and
/// the control page so a new type is noticed the day it appears. Thread-safe (stream tasks and the loop both add).
/// </summary>
internal sealed class UnknownTypes
{
    private const int MaxNames = 32; // a hostile feed must not grow this without end
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string type)
    {
        lock (_lock)
        {
            if (_counts.TryGetValue(type, out var n)) _counts[type] = n + 1;
            else if (_counts.Count < MaxNames) _counts[type] = 1;
            else _counts["(other)"] = _counts.GetValueOrDefault("(other)") + 1;
        }
    }

    /// <summary><c>giftEvent2 ×3, superDuperEvent ×1</c>, or empty when every type was known.</summary>
    public string Describe()
    {
        lock (_lock)
            return string.Join(", ", _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => $"{c.Key} ×{c.Value}"));
    }
}
