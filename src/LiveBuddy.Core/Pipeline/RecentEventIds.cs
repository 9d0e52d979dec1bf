using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Pipeline;

/// <summary>
/// Remembers the last N event keys so reconnect overlaps, EventSub redelivery and YouTube page overlap
/// are dropped. Bounded: the oldest key is forgotten first.
/// </summary>
public sealed class RecentEventIds(int capacity = RecentEventIds.DefaultCapacity)
{
    public const int DefaultCapacity = 200_000;

    private readonly HashSet<EventKey> _set = new(capacity);
    private readonly Queue<EventKey> _order = new(capacity);

    public int Count => _set.Count;

    /// <summary>True when the key is new (and is now remembered); false for a duplicate.</summary>
    public bool Add(EventKey key)
    {
        if (!_set.Add(key)) return false;
        _order.Enqueue(key);
        if (_order.Count > capacity)
            _set.Remove(_order.Dequeue());
        return true;
    }
}
