using Xunit.Abstractions;
using LiveBuddy.Scoring.Corpus;
using LiveBuddy.Scoring.Toxicity;

namespace LiveBuddy.Scoring.Tests;

/// <summary>
/// Issue 19's toxicity bar on the held-out set (<c>Data/toxicity-test</c>, never trained on): the shipped models catch
/// at least 80 % of the dodged spellings and of the joke-framed insults (each file on its own) and flag at most 10 % of
/// clean chat that only looks rough.
/// </summary>
[Collection(ScoringCollection.Name)]
public sealed class ToxicityHeldOutTests(ScoringFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Dodged_and_joke_framed_abuse_is_caught_and_rough_clean_chat_is_left_alone() =>
        HoldsTheBar(LabelledCorpus.ToxicityTestFolder);

    [Fact]
    public void The_bar_holds_on_the_second_set_written_before_any_further_tuning() =>
        HoldsTheBar(LabelledCorpus.FreshToxicityTestFolder);

    private void HoldsTheBar(string folder)
    {
        var sets = LabelledCorpus.LoadToxicityTest(fixture.DataFolder, folder);

        Assert.Equal(["dodged", "jokes", "rough-clean"], sets.Select(s => s.Set));
        foreach (var (set, lines) in sets)
        {
            var result = ToxicityHeldOut.Measure(fixture.Scorer, lines);
            output.WriteLine($"{folder}/{set}: recall {result.Recall:F3} ({result.Caught}/{result.Toxic}), false positives {result.FalsePositiveRate:F3} ({result.Flagged}/{result.Clean})");
            if (result.Toxic > 0)
                Assert.True(result.Recall >= ToxicityHeldOut.RecallBar,
                    $"{set}: recall {result.Recall:F3} < {ToxicityHeldOut.RecallBar}; missed: {string.Join(" | ", result.Missed.Take(20))}");
            if (result.Clean > 0)
                Assert.True(result.FalsePositiveRate <= ToxicityHeldOut.FalsePositiveBar,
                    $"{set}: false positives {result.FalsePositiveRate:F3} > {ToxicityHeldOut.FalsePositiveBar}; flagged: {string.Join(" | ", result.FalselyFlagged.Take(20))}");
        }
    }
}
