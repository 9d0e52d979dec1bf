using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace LiveBuddy.Storage.Writing;

/// <summary>
/// The row ids of the last N stored chat lines, found by platform and message id: the writer's dedupe (a line the
/// pipeline let through twice, say after a restart, is stored once) and how a deletion finds its line.
/// </summary>
/// <remarks>
/// This replaces a unique index on <c>messages(Platform, EventId)</c>. Platform message ids are random (UUIDs), so
/// every line inserted into that index at a random place; once the index outgrew the page cache a stored line cost
/// twice as much (28 vs 14 µs, docs/performance.md). Lines are kept as 64-bit fingerprints, so a hit is only a
/// candidate: the caller checks the stored id before treating a line as a duplicate or marking it deleted.
/// </remarks>
internal sealed class RecentMessageRows(int capacity)
{
    public const int DefaultCapacity = 200_000;

    private readonly Dictionary<ulong, long> _rows = new(capacity);
    private readonly Queue<ulong> _order = new(capacity);

    /// <summary>The row a line with this platform and id may be stored in (check its stored id).</summary>
    public bool TryGet(string platform, ReadOnlySpan<char> eventId, out long rowId) => TryGet(Fingerprint(platform, eventId), out rowId);

    /// <summary>The row a line with this <see cref="Fingerprint"/> may be stored in (check its stored id).</summary>
    public bool TryGet(ulong fingerprint, out long rowId) => _rows.TryGetValue(fingerprint, out rowId);

    /// <summary>Remembers a stored line by its <see cref="Fingerprint"/>; the oldest is forgotten once the window is full.</summary>
    public void Add(ulong fingerprint, long rowId)
    {
        // Two ids with one fingerprint: the newer line wins the slot (the older is then found by the slower path).
        if (_rows.TryAdd(fingerprint, rowId))
        {
            _order.Enqueue(fingerprint);
            if (_order.Count > capacity) _rows.Remove(_order.Dequeue());
        }
        else
        {
            _rows[fingerprint] = rowId;
        }
    }

    public void Clear()
    {
        _rows.Clear();
        _order.Clear();
    }

    public static ulong Fingerprint(string platform, ReadOnlySpan<char> eventId) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(eventId), seed: (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(platform.AsSpan())));
}
