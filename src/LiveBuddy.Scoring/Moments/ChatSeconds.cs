using LiveBuddy.Scoring.Emotes;

namespace LiveBuddy.Scoring.Moments;

/// <summary>
/// A session's chat counted per second (messages, reactions by kind, emotes), for finding moments at one-second
/// resolution. Lines may arrive a little out of order (two platforms): each lands in its own second.
/// </summary>
public sealed class ChatSeconds(DateTimeOffset start)
{
    // A day of seconds is the most a session holds here; later lines are ignored rather than grown without bound.
    private const int MaxSeconds = 86_400;
    private readonly List<Second> _seconds = [];

    public DateTimeOffset Start { get; } = start;
    public int Length => _seconds.Count;

    public int Messages(int second) => second >= 0 && second < _seconds.Count ? _seconds[second].Messages : 0;

    /// <summary>Counts a line and reads its reaction and emotes.</summary>
    public void Add(DateTimeOffset at, string text, EmoteTable emotes)
    {
        Count(at);
        Read(at, text, emotes);
    }

    /// <summary>
    /// Counts a line without reading it. The report counts every line of a session this way and then reads only the
    /// lines of the bursts it found (<see cref="Read"/>): finding a burst needs counts, naming it needs words.
    /// </summary>
    public void Count(DateTimeOffset at)
    {
        var index = (long)Math.Floor((at - Start).TotalSeconds);
        if (index < 0 || index >= MaxSeconds) return;
        while (_seconds.Count <= index) _seconds.Add(new Second());
        _seconds[(int)index].Messages++;
    }

    /// <summary>Reads the reaction and emotes of a line already counted.</summary>
    public void Read(DateTimeOffset at, string text, EmoteTable emotes)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = (long)Math.Floor((at - Start).TotalSeconds);
        if (index < 0 || index >= _seconds.Count) return;
        var second = _seconds[(int)index];
        var kind = ReactionReader.Read(text, emotes, name =>
        {
            second.Emotes ??= new Dictionary<string, int>(StringComparer.Ordinal);
            second.Emotes[name] = second.Emotes.GetValueOrDefault(name) + 1;
        });
        if (kind is { } k) second.Kinds[(int)k]++;
    }

    /// <summary>Reactions by kind and emote uses over seconds [from, to).</summary>
    internal (int Messages, int[] Kinds, Dictionary<string, int> Emotes) Sum(int from, int to)
    {
        var kinds = new int[6];
        var emotes = new Dictionary<string, int>(StringComparer.Ordinal);
        var messages = 0;
        for (var s = Math.Max(0, from); s < Math.Min(to, _seconds.Count); s++)
        {
            var second = _seconds[s];
            messages += second.Messages;
            for (var k = 0; k < kinds.Length; k++) kinds[k] += second.Kinds[k];
            if (second.Emotes is null) continue;
            foreach (var (name, count) in second.Emotes) emotes[name] = emotes.GetValueOrDefault(name) + count;
        }
        return (messages, kinds, emotes);
    }

    private sealed class Second
    {
        public int Messages;
        public readonly int[] Kinds = new int[6];
        public Dictionary<string, int>? Emotes;
    }
}
