using LiveBuddy.Core.Events;

namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// The words chat keeps repeating (channels, colours, badge sets, emotes, the authors of repeat chatters) kept as the
/// immutable objects events share, so a busy chat does not allocate the same Kappa fragment ten thousand times.
/// Bounded: when full it starts over. Not thread-safe: one per connection (socket) or replay.
/// </summary>
/// <remarks>
/// Every table is looked up by a span of the line, so a hit creates nothing. Each is keyed by one tag value (never a
/// key built from several) and the entry checks the rest of what it was made from, because a lookup runs several
/// times per chat line and building a composite key cost more than the lookup itself.
/// </remarks>
public sealed class TwitchChatVocabulary
{
    private const int MaxKeyLength = 256;
    private readonly int _capacity;
    private readonly Table<string> _words = new();            // channel logins and colours: the text is the value
    private readonly Table<KnownBadges> _badges = new();      // by the badges tag
    private readonly Table<MessageFragment> _emotes = new();  // by emote id
    private readonly Table<KnownAuthor> _authors = new();     // by user id

    public TwitchChatVocabulary(int capacity = 4096) => _capacity = capacity;

    private int Count => _words.Count + _badges.Count + _emotes.Count + _authors.Count;

    /// <summary>The shared string for <paramref name="text"/> (a channel login, a colour).</summary>
    internal string Word(ReadOnlySpan<char> text)
    {
        if (_words.TryGet(text, out var known)) return known;
        var word = new string(text);
        Add(_words, text, word);
        return word;
    }

    internal bool TryGetBadges(ReadOnlySpan<char> badges, ReadOnlySpan<char> badgeInfo, out Badge[] known)
    {
        if (_badges.TryGet(badges, out var entry) && badgeInfo.SequenceEqual(entry.BadgeInfo))
        {
            known = entry.Badges;
            return true;
        }
        known = null!;
        return false;
    }

    internal Badge[] AddBadges(ReadOnlySpan<char> badges, ReadOnlySpan<char> badgeInfo, Badge[] parsed)
    {
        Add(_badges, badges, new KnownBadges(new string(badgeInfo), parsed));
        return parsed;
    }

    /// <summary>The emote fragment for this id, when it was last seen under the same name.</summary>
    internal bool TryGetEmote(ReadOnlySpan<char> id, ReadOnlySpan<char> name, out MessageFragment known)
    {
        if (_emotes.TryGet(id, out known!) && name.SequenceEqual(known.Text)) return true;
        known = null!;
        return false;
    }

    internal MessageFragment AddEmote(ReadOnlySpan<char> id, MessageFragment fragment)
    {
        Add(_emotes, id, fragment);
        return fragment;
    }

    /// <summary>
    /// The author last built for this user id, if every tag it was built from is unchanged (a new badge, colour or
    /// display name builds a new one).
    /// </summary>
    internal bool TryGetAuthor(in TwitchTags tags, ReadOnlySpan<char> login, out Author author)
    {
        if (_authors.TryGet(tags.UserId, out var known) && known.Matches(tags, login))
        {
            author = known.Author;
            return true;
        }
        author = null!;
        return false;
    }

    internal Author AddAuthor(in TwitchTags tags, Author author)
    {
        if (!tags.UserId.IsEmpty) Add(_authors, tags.UserId, new KnownAuthor(author, tags));
        return author;
    }

    private void Add<T>(Table<T> table, ReadOnlySpan<char> key, T value) where T : class
    {
        if (key.Length > MaxKeyLength) return;
        if (Count >= _capacity)
        {
            _words.Clear();
            _badges.Clear();
            _emotes.Clear();
            _authors.Clear();
        }
        table.Set(key, value);
    }

    /// <summary>A dictionary looked up by span (no key string per lookup).</summary>
    private sealed class Table<T> where T : class
    {
        private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
        private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public Table() => _lookup = _items.GetAlternateLookup<ReadOnlySpan<char>>();

        public int Count => _items.Count;

        public bool TryGet(ReadOnlySpan<char> key, out T value) => _lookup.TryGetValue(key, out value!);

        public void Set(ReadOnlySpan<char> key, T value) => _lookup[key] = value;

        public void Clear() => _items.Clear();
    }

    private sealed record KnownBadges(string BadgeInfo, Badge[] Badges);

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
}
