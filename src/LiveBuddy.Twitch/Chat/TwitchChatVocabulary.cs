namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// The words chat keeps repeating (channels, colours, badge sets, emotes) kept as the immutable objects events
/// share, so a busy chat does not allocate the same Kappa fragment ten thousand times. Bounded: when full it
/// starts over. Not thread-safe: one per connection (socket) or replay.
/// </summary>
public sealed class TwitchChatVocabulary(int capacity = 4096)
{
    private const int MaxKeyLength = 256;
    private readonly Dictionary<string, object> _items = new(StringComparer.Ordinal);

    internal bool TryGet<T>(char kind, ReadOnlySpan<char> a, ReadOnlySpan<char> b, out T value) where T : class
    {
        value = null!;
        if (2 + a.Length + b.Length > MaxKeyLength) return false;
        Span<char> key = stackalloc char[2 + a.Length + b.Length];
        var length = Key(key, kind, a, b);
        if (_items.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key[..length], out var found) && found is T typed)
        {
            value = typed;
            return true;
        }
        return false;
    }

    internal T Add<T>(char kind, ReadOnlySpan<char> a, ReadOnlySpan<char> b, T value) where T : class
    {
        if (2 + a.Length + b.Length > MaxKeyLength) return value;
        if (_items.Count >= capacity) _items.Clear();
        Span<char> key = stackalloc char[2 + a.Length + b.Length];
        var length = Key(key, kind, a, b);
        _items.GetAlternateLookup<ReadOnlySpan<char>>()[key[..length]] = value;
        return value;
    }

    private static int Key(Span<char> key, char kind, ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        key[0] = kind;
        a.CopyTo(key[1..]);
        key[1 + a.Length] = '\u0000'; // tag values never hold NUL, so "ab"+"c" and "a"+"bc" differ
        b.CopyTo(key[(2 + a.Length)..]);
        return 2 + a.Length + b.Length;
    }
}
