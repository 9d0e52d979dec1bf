using LiveBuddy.Scoring.Corpus;

namespace LiveBuddy.Scoring.Tests;

/// <summary>Lines tests score as "unseen": written for the tests, and checked to be in no training file.</summary>
public static class UnseenLines
{
    public static readonly (string Text, bool Question)[] Questions =
    [
            ("what dpi are you on?", true), ("how many runs is this", true), ("can you turn the camera on", true),
            ("do you stream on weekends?", true), ("where did you buy that lamp?", true), ("is the soundtrack on spotify", true),
            ("why did you pick the dagger?", true), ("could you explain the combo again", true), ("how long is one match?", true),
            ("which boss is next?", true), ("who made your overlay?", true), ("are you playing the beta?", true),
            ("kannst du das nochmal zeigen?", true), ("qual é o seu rank?", true), ("tu joues à quoi demain ?", true),
            ("????", false), ("OMEGALUL?", false), ("!merchlink", false), ("what a pixel peek", false), ("lmfaooooo no way", false),
            ("omg the dog", false), ("hm?", false), ("how cute is that", false), ("he is so bad at this KEKW", false),
            ("pepeD pepeD pepeD", false), ("im eating pizza", false), ("the door code is 1234", false), ("welcome raiders", false),
            ("first time here", false), ("good night chat", false),
    ];

    /// <summary>Lower-case, spaces squeezed, trimmed: "What DPI  are you on?" and "what dpi are you on?" are one line.</summary>
    public static string Normalize(string text) => string.Join(' ', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

public sealed class UnseenLinesTests
{
    private static readonly string DataFolder = Path.Combine(AppContext.BaseDirectory, "Data");

    private static HashSet<string> Training() =>
        LabelledCorpus.LoadSentiment(DataFolder).Concat(LabelledCorpus.LoadQuestions(DataFolder)).Concat(LabelledCorpus.LoadToxicity(DataFolder))
            .Select(l => UnseenLines.Normalize(l.Text)).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Lines_the_question_test_calls_unseen_are_in_no_training_file()
    {
        var training = Training();

        Assert.DoesNotContain(UnseenLines.Questions, l => training.Contains(UnseenLines.Normalize(l.Text)));
    }

    [Fact]
    public void The_held_out_sentiment_test_set_shares_no_line_with_the_training_data()
    {
        var test = LabelledCorpus.LoadSentimentTest(DataFolder);
        var training = Training();

        Assert.True(test.Count >= 1500, $"{test.Count} held-out lines");
        Assert.DoesNotContain(test, l => training.Contains(UnseenLines.Normalize(l.Text)));
    }

    [Fact]
    public void The_held_out_toxicity_test_set_shares_no_line_with_the_training_data()
    {
        var sets = LabelledCorpus.LoadToxicityTest(DataFolder);
        var training = Training();

        var lines = sets.SelectMany(s => s.Lines).ToList();
        Assert.True(lines.Count(l => l.Label == 1) >= 200 && lines.Count(l => l.Label == 0) >= 250, $"{lines.Count} held-out toxicity lines");
        Assert.DoesNotContain(lines, l => training.Contains(UnseenLines.Normalize(l.Text)));
    }

    [Fact]
    public void The_second_held_out_toxicity_set_shares_no_line_with_the_training_data_or_the_first_set()
    {
        var fresh = LabelledCorpus.LoadToxicityTest(DataFolder, LabelledCorpus.FreshToxicityTestFolder).SelectMany(s => s.Lines).ToList();
        var seen = Training();
        seen.UnionWith(LabelledCorpus.LoadToxicityTest(DataFolder).SelectMany(s => s.Lines).Select(l => UnseenLines.Normalize(l.Text)));

        Assert.True(fresh.Count >= 300, $"{fresh.Count} lines in the second held-out toxicity set");
        Assert.DoesNotContain(fresh, l => seen.Contains(UnseenLines.Normalize(l.Text)));
    }
}
