using LiveBuddy.Core.Events;

namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// The words chat keeps repeating (channels, colours, badge sets, emotes, the authors of repeat chatters) kept as the
/// immutable objects events share, so a busy chat does not allocate the same Kappa fragment ten thousand times.
/// Bounded: when full it starts over. Not thread-safe: one per connection (socket) or replay.
/// </summary>
public sealed class TwitchChatVocabulary
{
    private const int MaxKeyLength = 256;
    private readonly int _capacity;
    private readonly Dictionary<string, object> _items;
    private readonly Dictionary<string, object>.AlternateLookup<ReadOnlySpan<char>> _lookup; // finds by span: no key string

    public TwitchChatVocabulary(int capacity = 4096)
    {
        _capacity = capacity;
        _items = new(StringComparer.Ordinal);
        _lookup = _items.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    internal bool TryGet<T>(char kind, ReadOnlySpan<char> a, ReadOnlySpan<char> b, out T value) where T : class
    {
        value = null!;
        if (2 + a.Length + b.Length > MaxKeyLength) return false;
        Span<char> key = stackalloc char[2 + a.Length + b.Length];
        var length = Key(key, kind, a, b);
        if (_lookup.TryGetValue(key[..length], out var found) && found is T typed)
        {
            value = typed;
            return true;
        }
        return false;
    }

    internal T Add<T>(char kind, ReadOnlySpan<char> a, ReadOnlySpan<char> b, T value) where T : class
    {
        if (2 + a.Length + b.Length > MaxKeyLength) return value;
        if (_items.Count >= _capacity) _items.Clear();
        Span<char> key = stackalloc char[2 + a.Length + b.Length];
        var length = Key(key, kind, a, b);
        _lookup[key[..length]] = value;
        return value;
    }

    /// <summary>
    /// The author last built for this user id, if every tag it was built from is unchanged (a new badge, colour or
    /// display name builds a new one).
    /// </summary>
    internal bool TryGetAuthor(in TwitchTags tags, ReadOnlySpan<char> login, out Author author)
    {
        if (TryGet<KnownAuthor>('u', tags.UserId, default, out var known) && known.Matches(tags, login))
        {
            author = known.Author;
            return true;
        }
        author = null!;
        return false;
    }

    internal Author AddAuthor(in TwitchTags tags, Author author)
    {
        if (tags.UserId.IsEmpty) return author;
        Add('u', tags.UserId, default, new KnownAuthor(author, tags));
        return author;
    }

    /// <summary>An author and the raw tags it came from, compared as spans so a hit creates nothing.</summary>
    private sealed class KnownAuthor(Author author, in TwitchTags tags)
    {
        private readonly string _displayName = tags.DisplayName.SequenceEqual(author.DisplayName) ? author.DisplayName : new string(tags.DisplayName);
        private readonly string _badges = new(tags.Badges);
        private readonly string _badgeInfo = new(tags.BadgeInfo);
        private readonly bool _mod = tags.Mod is "1";

        public Author Author { get; } = author;

        public bool Matches(in TwitchTags tags, ReadOnlySpan<char> login) =>
            login.SequenceEqual(Author.Name)
            && tags.Color.SequenceEqual(Author.Color)
            && tags.DisplayName.SequenceEqual(_displayName)
            && tags.Badges.SequenceEqual(_badges)
            && tags.BadgeInfo.SequenceEqual(_badgeInfo)
            && (tags.Mod is "1") == _mod;
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
