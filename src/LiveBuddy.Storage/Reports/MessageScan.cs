using System.Numerics;
using LiveBuddy.Scoring.Moments;

namespace LiveBuddy.Storage.Reports;

/// <summary>
/// One pass over a session's messages that gathers everything the report needs from chat: per-minute series,
/// per-chatter counts, sentiment tallies and the best and worst quotable message of each minute.
/// <para>
/// Distinct chatters are counted with one bitmap per minute over dense chatter indexes (a chatter's index is the
/// order they first appear in). Chat arrives close to time order, so the bitmap being written is the current
/// minute's few kilobytes: a bit test instead of a hash-set entry per (minute, chatter) pair, which at a million
/// messages meant ~830,000 entries and Gen2 collections. Messages out of time order just set a bit in an older
/// minute, so the counts stay exact.
/// </para>
/// </summary>
internal sealed class MessageScan
{
    /// <summary>A fortnight of minutes at most: a message with a wild timestamp cannot make the timeline huge.</summary>
    public const int MaxMinutes = 14 * 24 * 60;

    private readonly long _startMinute;
    private readonly Dictionary<string, Chatter>[] _chatters = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly List<Chatter> _chatterList = [];
    /// <summary>Per minute, bit i set when chatter i wrote in it; null for a minute without chat.</summary>
    private ulong[]?[] _minuteChatters = new ulong[64][];

    public MessageScan(long startMinute, DateTimeOffset sessionStart)
    {
        _startMinute = startMinute;
        Seconds = new ChatSeconds(sessionStart);
    }

    /// <summary>Messages per second from the session's start, for finding moments (lines are read later, only in bursts).</summary>
    public ChatSeconds Seconds { get; }

    public int Minutes { get; private set; }
    public int[] Messages { get; private set; } = new int[64];
    public int[] Questions { get; private set; } = new int[64];
    /// <summary>Distinct chatters per minute.</summary>
    public int[] ChattersPerMinute { get; private set; } = new int[64];
    public double[] SentimentSum { get; private set; } = new double[64];
    public Quote[] Best { get; private set; } = new Quote[64];
    public Quote[] Worst { get; private set; } = new Quote[64];
    /// <summary>Lowest and highest row id of the session's messages per minute (0: none), to read a burst's lines by row range.</summary>
    public long[] FirstRow { get; private set; } = new long[64];
    public long[] LastRow { get; private set; } = new long[64];

    public long Total { get; private set; }
    public long Positive { get; private set; }
    public long Neutral { get; private set; }
    public long Negative { get; private set; }
    public long QuestionTotal { get; private set; }
    public long Deleted { get; private set; }
    public double ScoreSum { get; private set; }
    public IReadOnlyList<Chatter> Chatters => _chatterList;

    /// <summary>Lines from Shared Chat partner channels (<c>messages.SharedFrom</c>), left out of every other figure.</summary>
    public long SharedLines { get; private set; }

    /// <summary>Distinct partner-channel chatters of those lines.</summary>
    public int SharedChatters => _sharedChatters.Count;

    /// <summary>The partner channels those lines came from, by name.</summary>
    public IReadOnlyList<string> SharedChannels => [.. _sharedChannels.Order(StringComparer.Ordinal)];

    private readonly HashSet<string> _sharedChatters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sharedChannels = new(StringComparer.OrdinalIgnoreCase);

    public static string PlatformName(int index) => index switch { 0 => "twitch", 1 => "youtube", _ => "demo" };

    public static int PlatformIndex(ReadOnlySpan<byte> utf8) =>
        utf8.SequenceEqual("twitch"u8) ? 0 : utf8.SequenceEqual("youtube"u8) ? 1 : 2;

    public int MinuteOf(long at) => (int)Math.Clamp((at - _startMinute) / 60_000, 0, MaxMinutes - 1);

    public void Read(SQLite.SQLiteConnection db, string sessionId, CancellationToken cancellationToken)
    {
        // A session's messages are one run of row ids (sessions follow each other; only an import written during a live
        // session interleaves). Reading that run straight from the table skips a session-index lookup per row; the
        // last column tells this session's rows from any other session's in between.
        using var statement = new RawStatement(db,
            "SELECT RowId, SentAt, Platform, AuthorId, Score, Sentiment, Question, Deleted, Toxic, AuthorDisplayName, AuthorName, SessionId = ?1, SharedFrom " +
            "FROM messages WHERE RowId BETWEEN (SELECT MIN(RowId) FROM messages WHERE SessionId = ?1) AND (SELECT MAX(RowId) FROM messages WHERE SessionId = ?1)")
            .Bind(1, sessionId);
        Span<char> buffer = stackalloc char[128];
        var lookups = _chatters.Select(c => c.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        var rows = 0L;
        while (statement.Step())
        {
            if ((++rows & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (statement.Int32(11) == 0) continue; // another session's row inside this one's run (an import written while it was live)
            if (!statement.IsNull(12))
            {
                // A Shared Chat partner's line: on our overlay, but not our chat. Counted apart, and nowhere else.
                SharedLines++;
                _sharedChatters.Add(statement.Text(2) + ":" + statement.Text(3));
                _sharedChannels.Add(statement.Text(12));
                continue;
            }
            var rowId = statement.Int64(0);
            var sentAt = statement.Int64(1);
            var minute = MinuteOf(sentAt);
            var platform = PlatformIndex(statement.Utf8(2));
            var authorId = statement.Chars(3, buffer);
            if (!lookups[platform].TryGetValue(authorId, out var chatter))
            {
                var id = authorId.ToString();
                var display = statement.Text(9);
                chatter = new Chatter(_chatterList.Count, platform, id, display.Length > 0 ? display : statement.Text(10));
                _chatters[platform][id] = chatter;
                _chatterList.Add(chatter);
            }
            chatter.Messages++;

            var score = statement.Double(4);
            var sentiment = statement.Int32(5);
            var question = statement.Int32(6) != 0;
            var deleted = statement.Int32(7) != 0;
            var toxic = statement.Int32(8) != 0;

            EnsureMinute(minute);
            Messages[minute]++;
            Seconds.Count(DateTimeOffset.FromUnixTimeMilliseconds(sentAt));
            if (FirstRow[minute] == 0 || rowId < FirstRow[minute]) FirstRow[minute] = rowId;
            if (rowId > LastRow[minute]) LastRow[minute] = rowId;
            SentimentSum[minute] += score;
            if (question) { Questions[minute]++; QuestionTotal++; }
            if (MarkChatter(minute, chatter.Index)) ChattersPerMinute[minute]++;
            Total++;
            ScoreSum += score;
            if (sentiment > 0) Positive++;
            else if (sentiment < 0) Negative++;
            else Neutral++;
            if (deleted) Deleted++;
            if (!deleted && !toxic)
            {
                if (Best[minute].RowId == 0 || score > Best[minute].Score) Best[minute] = new Quote(rowId, score);
                if (Worst[minute].RowId == 0 || score < Worst[minute].Score) Worst[minute] = new Quote(rowId, score);
            }
        }
    }

    /// <summary>Makes the series long enough for <paramref name="minute"/> (and records the timeline length).</summary>
    public void EnsureMinute(int minute)
    {
        if (minute >= Messages.Length)
        {
            var size = Math.Min(MaxMinutes, Math.Max(minute + 1, Messages.Length * 2));
            Messages = Grow(Messages, size);
            Questions = Grow(Questions, size);
            ChattersPerMinute = Grow(ChattersPerMinute, size);
            _minuteChatters = Grow(_minuteChatters, size);
            SentimentSum = Grow(SentimentSum, size);
            Best = Grow(Best, size);
            Worst = Grow(Worst, size);
            FirstRow = Grow(FirstRow, size);
            LastRow = Grow(LastRow, size);
        }
        if (minute + 1 > Minutes) Minutes = minute + 1;
    }

    /// <summary>Distinct chatters who wrote at least once in minutes <paramref name="from"/>..<paramref name="to"/> (inclusive).</summary>
    public int ChattersBetween(int from, int to)
    {
        var union = new ulong[(_chatterList.Count + 63) / 64];
        for (var m = Math.Max(0, from); m <= to && m < _minuteChatters.Length; m++)
        {
            if (_minuteChatters[m] is not { } bits) continue;
            // A bitmap may be longer than needed (room it kept for chatters who never came); those words are empty.
            for (var w = 0; w < Math.Min(bits.Length, union.Length); w++) union[w] |= bits[w];
        }
        var count = 0;
        foreach (var word in union) count += BitOperations.PopCount(word);
        return count;
    }

    /// <summary>Sets <paramref name="chatter"/>'s bit in <paramref name="minute"/>; true when it was not set yet.</summary>
    private bool MarkChatter(int minute, int chatter)
    {
        var word = chatter >> 6;
        var bits = _minuteChatters[minute];
        if (bits is null || word >= bits.Length)
        {
            // New chatters keep arriving during a minute: leave room for twice as many as known now.
            var size = Math.Max(word + 1, 2 * ((_chatterList.Count + 63) / 64));
            _minuteChatters[minute] = bits = Grow(bits ?? [], size);
        }
        var mask = 1UL << (chatter & 63);
        if ((bits[word] & mask) != 0) return false;
        bits[word] |= mask;
        return true;
    }

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        array.CopyTo(grown, 0);
        return grown;
    }

    internal sealed class Chatter(int index, int platform, string id, string name)
    {
        public int Index { get; } = index;
        public int Platform { get; } = platform;
        public string PlatformName => MessageScan.PlatformName(Platform);
        public string Id { get; } = id;
        public string Name { get; } = name;
        public long Messages { get; set; }
        public bool Returning { get; set; }
    }

    internal readonly record struct Quote(long RowId, double Score);
}
