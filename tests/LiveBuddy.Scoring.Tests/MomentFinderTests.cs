using LiveBuddy.Core.Moments;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Moments;
using Xunit.Abstractions;

namespace LiveBuddy.Scoring.Tests;

public sealed class MomentFinderTests(ITestOutputHelper output)
{
    private static readonly EmoteTable Emotes = EmoteTable.Load(Path.Combine(AppContext.BaseDirectory, "Data", "emotes.tsv"));
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 19, 0, 0, TimeSpan.Zero);

    private static readonly string[] Calm =
    [
        "what rank is he", "hello chat", "is this ranked?", "the music is nice", "he needs to rotate", "first time here",
        "what time is it there", "!uptime", "anyone watching the game later", "drink water chat", "modCheck", "he should buy armor",
    ];

    private static readonly Dictionary<MomentKind, string[]> Reactions = new()
    {
        [MomentKind.Funny] = ["KEKW", "KEKW KEKW", "LUL", "OMEGALUL he fell", "lmaooo", "KEKW what was that"],
        [MomentKind.Sad] = ["F", "Sadge", "F F F", "PepeHands", "noooo", "o7 Sadge"],
        [MomentKind.Shock] = ["monkaS", "WTF", "monkaW", "wtf was that", "D:", "omg monkaS"],
        [MomentKind.Hype] = ["PogChamp", "POGGERS", "LETSGOOO", "Pog clutch", "PogU", "W W W"],
    };

    /// <summary>
    /// An hour of calm chat (about one line every 1.5 s) with four moments on stream at known seconds; chat starts
    /// reacting 3–7 s later (stream delay plus typing) and stays busy for 30–45 s.
    /// </summary>
    private static (ChatSeconds Chat, (int Second, MomentKind Kind)[] Truth) SyntheticHour(int seed)
    {
        var (lines, truth) = SyntheticHourLines(seed);
        var chat = new ChatSeconds(Start);
        foreach (var (at, text) in lines) chat.Add(Start.AddSeconds(at), text, Emotes);
        return (chat, truth);
    }

    /// <summary>The synthetic hour's lines (seconds from the start, text) in time order, and its moments.</summary>
    private static (List<(double At, string Text)> Lines, (int Second, MomentKind Kind)[] Truth) SyntheticHourLines(int seed)
    {
        var random = new Random(seed);
        (int, MomentKind)[] truth = [(600, MomentKind.Funny), (1500, MomentKind.Sad), (2400, MomentKind.Shock), (3200, MomentKind.Hype)];
        var lines = new List<(double At, string Text)>();
        for (var s = 0; s < 3600; s++)
        {
            if (random.NextDouble() < 0.65) lines.Add((s + random.NextDouble(), Calm[random.Next(Calm.Length)]));
        }
        foreach (var (second, kind) in truth)
        {
            var reactionStart = second + 3 + random.Next(0, 5);
            var length = 30 + random.Next(0, 16);
            for (var s = reactionStart; s < reactionStart + length; s++)
            {
                var rate = 7 + random.Next(0, 5);
                for (var n = 0; n < rate; n++) lines.Add((s + random.NextDouble(), Reactions[kind][random.Next(Reactions[kind].Length)]));
            }
        }
        return ([.. lines.OrderBy(l => l.At)], truth);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_synthetic_hour_s_four_moments_are_found_named_and_linked_zero_to_twenty_seconds_before_they_start(int seed)
    {
        var (chat, truth) = SyntheticHour(seed);

        var found = new MomentFinder().Find(chat);

        foreach (var m in found) output.WriteLine($"{(m.At - Start).TotalSeconds} s: {m.Kind} — {m.Reason}");
        Assert.Equal(truth.Length, found.Count);
        for (var i = 0; i < truth.Length; i++)
        {
            var momentStart = Start.AddSeconds(truth[i].Second);
            Assert.Equal(truth[i].Kind, found[i].Kind);
            var lead = (momentStart - found[i].At).TotalSeconds;
            Assert.InRange(lead, 0, 20);
        }
    }

    [Fact]
    public void The_reason_names_the_kind_the_size_and_the_most_used_emote()
    {
        var chat = new ChatSeconds(Start);
        for (var s = 0; s < 300; s++) if (s % 2 == 0) chat.Add(Start.AddSeconds(s), "hello chat", Emotes);
        for (var s = 300; s < 340; s++) for (var n = 0; n < 10; n++) chat.Add(Start.AddSeconds(s + n / 10.0), n % 3 == 0 ? "lmao" : "KEKW", Emotes);
        for (var s = 340; s < 600; s++) if (s % 2 == 0) chat.Add(Start.AddSeconds(s), "hello chat", Emotes);

        var moment = Assert.Single(new MomentFinder().Find(chat));

        Assert.Equal(MomentKind.Funny, moment.Kind);
        Assert.Equal("a funny moment: 400 messages in 40 s, KEKW ×240", moment.Reason);
        Assert.Equal(Start.AddSeconds(300), moment.ChatOnset);
    }

    [Fact]
    public void Injected_bursts_over_many_streams_are_found_with_precision_and_recall_of_at_least_point_eight()
    {
        var finder = new MomentFinder();
        var tolerance = TimeSpan.FromSeconds(15);
        int truePositives = 0, falseAlarms = 0, moments = 0, namedRight = 0;
        var hours = 0.0;
        for (var seed = 1; seed <= 12; seed++)
        {
            var stream = SyntheticStream.Generate(seed, TimeSpan.FromHours(2), moments: 8);
            var chat = new ChatSeconds(stream.Start);
            foreach (var (at, text) in stream.Chat) chat.Add(at, text, Emotes);
            var found = finder.Find(chat);
            moments += stream.Moments.Count;
            hours += stream.Length.TotalHours;
            foreach (var truth in stream.Moments)
            {
                var match = found.FirstOrDefault(m => (m.At - truth.At).Duration() <= tolerance);
                if (match is null) continue;
                truePositives++;
                if (match.Kind == truth.Kind) namedRight++;
            }
            falseAlarms += found.Count(m => !stream.Moments.Any(t => (m.At - t.At).Duration() <= tolerance));
        }

        var recall = (double)truePositives / moments;
        var precision = (double)truePositives / (truePositives + falseAlarms);
        output.WriteLine($"precision {precision:F3}, recall {recall:F3}, named right {namedRight}/{truePositives}, {falseAlarms / hours:F2} false alarms/hour over {hours:F0} h");
        Assert.True(recall >= 0.8, $"recall {recall:F2}");
        Assert.True(precision >= 0.8, $"precision {precision:F2}");
        Assert.True(falseAlarms / hours <= 1, $"{falseAlarms / hours:F2} false alarms per hour");
        Assert.True(namedRight >= 0.9 * truePositives, $"named right {namedRight}/{truePositives}");
    }

    [Fact]
    public void Steady_chat_has_no_moments()
    {
        var chat = new ChatSeconds(Start);
        var random = new Random(3);
        for (var s = 0; s < 3600; s++)
        {
            if (random.NextDouble() < 0.8) chat.Add(Start.AddSeconds(s), Calm[random.Next(Calm.Length)], Emotes);
        }

        Assert.Empty(new MomentFinder().Find(chat));
    }

    [Fact]
    public void Counting_every_line_and_reading_only_the_bursts_lines_names_the_same_moments()
    {
        var (full, _) = SyntheticHour(seed: 5);
        var (lines, _) = SyntheticHourLines(seed: 5);
        var counted = new ChatSeconds(Start);
        foreach (var (at, _) in lines) counted.Count(Start.AddSeconds(at));
        var finder = new MomentFinder();
        var bursts = finder.Bursts(counted);
        foreach (var (at, text) in lines)
        {
            var second = (int)at;
            if (bursts.Any(b => second >= b.Onset && second < b.End)) counted.Read(Start.AddSeconds(at), text, Emotes);
        }

        Assert.Equal(finder.Find(full), bursts.Select(b => finder.Name(counted, b)), new MomentComparer());
    }

    private sealed class MomentComparer : IEqualityComparer<NamedMoment>
    {
        public bool Equals(NamedMoment? x, NamedMoment? y) =>
            x is not null && y is not null && (x.At, x.Kind, x.Reason, x.Messages, x.Score) == (y.At, y.Kind, y.Reason, y.Messages, y.Score);

        public int GetHashCode(NamedMoment obj) => obj.At.GetHashCode();
    }

    [Theory]
    [InlineData("KEKW", MomentKind.Funny)]
    [InlineData("F", MomentKind.Sad)]
    [InlineData("o7", MomentKind.Sad)]
    [InlineData("Sadge", MomentKind.Sad)]
    [InlineData("monkaS", MomentKind.Shock)]
    [InlineData("WTF", MomentKind.Shock)]
    [InlineData("PogChamp", MomentKind.Hype)]
    [InlineData("aww so cute <3", MomentKind.Wholesome)]
    [InlineData("this ref is trash", MomentKind.Angry)]
    [InlineData("what rank is he on", null)]
    public void Each_line_s_reaction_is_read_from_its_emotes_and_words(string text, MomentKind? expected)
    {
        Assert.Equal(expected, ReactionReader.Read(text, Emotes));
    }
}
