using Xunit.Abstractions;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Highlights;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Scoring.Tests;

public sealed class HighlightTests(ITestOutputHelper output)
{
    private static readonly EmoteTable Emotes = EmoteTable.Load(Path.Combine(AppContext.BaseDirectory, "Data", "emotes.tsv"));
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(15);

    private static IReadOnlyList<Highlight> Detect(SyntheticStream stream, HighlightDetector detector)
    {
        var timeline = new ActivityTimeline(stream.Start, detector.Settings.Bucket);
        foreach (var (at, text) in stream.Chat) timeline.AddChat(at, MomentClassifier.Classify(text, Emotes));
        return detector.Detect(timeline.Buckets);
    }

    [Fact]
    public void Injected_bursts_are_found_with_precision_and_recall_of_at_least_point_eight()
    {
        var detector = new HighlightDetector();
        int truePositives = 0, falseAlarms = 0, moments = 0;
        var hours = 0.0;

        for (var seed = 1; seed <= 12; seed++)
        {
            var stream = SyntheticStream.Generate(seed, TimeSpan.FromHours(2), moments: 8);
            var found = Detect(stream, detector);
            moments += stream.Moments.Count;
            hours += stream.Length.TotalHours;
            truePositives += stream.Moments.Count(m => found.Any(h => (h.At - m.At).Duration() <= Tolerance));
            falseAlarms += found.Count(h => !stream.Moments.Any(m => (h.At - m.At).Duration() <= Tolerance));
        }

        var recall = (double)truePositives / moments;
        var precision = (double)truePositives / (truePositives + falseAlarms);
        output.WriteLine($"precision {precision:F3}, recall {recall:F3}, {falseAlarms / hours:F2} false alarms/hour over {hours:F0} h, {moments} moments");
        Assert.True(recall >= 0.8, $"recall {recall:F2}");
        Assert.True(precision >= 0.8, $"precision {precision:F2}");
        Assert.True(falseAlarms / hours <= 1, $"{falseAlarms / hours:F2} false alarms per hour");
    }

    [Fact]
    public void Highlight_time_is_moved_back_by_the_chat_lag()
    {
        var stream = SyntheticStream.Generate(seed: 42, TimeSpan.FromMinutes(40), moments: 3);
        var withLag = Detect(stream, new HighlightDetector());
        var withoutLag = Detect(stream, new HighlightDetector(Options.Create(new HighlightOptions { ChatLag = TimeSpan.Zero })));

        var meanError = stream.Moments.Average(m => withLag.Min(h => (h.At - m.At).Duration()).TotalSeconds);
        var meanErrorWithout = stream.Moments.Average(m => withoutLag.Min(h => (h.At - m.At).Duration()).TotalSeconds);
        Assert.True(meanError < meanErrorWithout, $"with lag {meanError:F1} s, without {meanErrorWithout:F1} s");
        Assert.True(meanError <= 10, $"mean error {meanError:F1} s");
    }

    [Fact]
    public void Bursts_are_named_by_what_chat_is_doing()
    {
        var stream = SyntheticStream.Generate(seed: 7, TimeSpan.FromHours(2), moments: 8);
        var found = Detect(stream, new HighlightDetector());

        var named = stream.Moments.Select(m => (m.Reason, Found: found.FirstOrDefault(h => (h.At - m.At).Duration() <= Tolerance)))
            .Where(p => p.Found is not null).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, p => Assert.Equal(p.Reason, p.Found!.Reason));
    }

    [Fact]
    public void A_raid_and_a_big_donation_are_moments_of_their_own()
    {
        var start = DateTimeOffset.UnixEpoch;
        var timeline = new ActivityTimeline(start, TimeSpan.FromSeconds(10));
        for (var s = 0; s < 1200; s += 5) timeline.AddChat(start.AddSeconds(s), ReactionKind.Other);
        timeline.AddRaid(start.AddSeconds(400), viewers: 120);
        timeline.AddSupport(start.AddSeconds(900), money: 50m, gifts: 0);

        var found = new HighlightDetector().Detect(timeline.Buckets);

        Assert.Collection(found,
            h => Assert.Equal((HighlightReason.Raid, start.AddSeconds(400)), (h.Reason, h.At)),
            h => Assert.Equal((HighlightReason.Money, start.AddSeconds(900)), (h.Reason, h.At)));
    }

    [Fact]
    public void Steady_chat_has_no_highlights()
    {
        var start = DateTimeOffset.UnixEpoch;
        var timeline = new ActivityTimeline(start, TimeSpan.FromSeconds(10));
        var random = new Random(3);
        for (var s = 0; s < 3600; s++)
        {
            if (random.NextDouble() < 0.8) timeline.AddChat(start.AddSeconds(s), ReactionKind.Other);
        }

        Assert.Empty(new HighlightDetector().Detect(timeline.Buckets));
    }
}
