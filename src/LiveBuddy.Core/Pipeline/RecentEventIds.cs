using System.IO.Hashing;
using System.Runtime.InteropServices;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Pipeline;

/// <summary>
/// Remembers the last N event keys so reconnect overlaps, EventSub redelivery and YouTube page overlap
/// are dropped. Bounded: the oldest key is forgotten first.
/// </summary>
/// <remarks>
/// Keys are kept as 64-bit fingerprints, not as the id strings: the pipeline's 200,000-key window held ~25 MB of
/// strings and entries, the fingerprints ~5 MB. Platform ids come from the platforms (not from viewers), and two
/// distinct keys share a fingerprint with odds of about one in 10^8 over a million messages.
/// </remarks>
public sealed class RecentEventIds(int capacity = RecentEventIds.DefaultCapacity)
{
    public const int DefaultCapacity = 200_000;

    private readonly HashSet<ulong> _set = new(capacity);
    private readonly Queue<ulong> _order = new(capacity);

    public int Count => _set.Count;

    /// <summary>True when the key is new (and is now remembered); false for a duplicate.</summary>
    public bool Add(EventKey key)
    {
        var fingerprint = Fingerprint(key);
        if (!_set.Add(fingerprint)) return false;
        _order.Enqueue(fingerprint);
        if (_order.Count > capacity)
            _set.Remove(_order.Dequeue());
        return true;
    }

    private static ulong Fingerprint(EventKey key) => Fingerprint(key.Platform.ToWire(), key.Id);

    /// <summary>
    /// An event's 64-bit fingerprint: its id hashed with its platform's wire name as the seed. Storage keeps it too (the
    /// unique key of a stored chat line), so it must never change: from the stored text alone it is computed again.
    /// </summary>
    public static ulong Fingerprint(string platform, string id) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()), seed: (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(platform.AsSpan())));
}
