using LiveBuddy.Scoring.Questions;

namespace LiveBuddy.Scoring.Tests;

[Collection(ScoringCollection.Name)]
public sealed class QuestionTests(ScoringFixture fixture)
{
    private readonly ChatScorer _scorer = fixture.Scorer;

    [Theory]
    [InlineData("what game is this?")]
    [InlineData("how do you get the double jump")]
    [InlineData("can you show your keyboard")]
    [InlineData("is this the final boss?")]
    [InlineData("@Streamer when did you start playing this")]
    [InlineData("wie heißt das spiel?")]
    [InlineData("¿cuándo es el próximo directo?")]
    public void Real_questions_go_to_the_queue(string text)
    {
        Assert.True(_scorer.Score(text).Question, text);
    }

    [Theory]
    [InlineData("???")]
    [InlineData("?????????")]
    [InlineData("KEKW KEKW")]
    [InlineData("PogChamp?")]
    [InlineData("!uptime")]
    [InlineData("!ask")]
    [InlineData("what a play")]
    [InlineData("gg wp")]
    [InlineData("the boss is weak to fire")]
    public void Noise_commands_and_statements_are_not_questions(string text)
    {
        Assert.False(_scorer.Score(text).Question, text);
    }

    [Fact]
    public void Precision_on_unseen_lines_is_at_least_ninety_percent()
    {
        var lines = UnseenLines.Questions;
        int truePositives = 0, falsePositives = 0;

        foreach (var (text, question) in lines)
        {
            if (!_scorer.Score(text).Question) continue;
            if (question) truePositives++; else falsePositives++;
        }

        var precision = (double)truePositives / (truePositives + falsePositives);
        Assert.True(precision >= 0.9, $"precision {precision:F2} ({truePositives} right, {falsePositives} wrong)");
        Assert.True(truePositives >= 10, $"only {truePositives} of 15 questions found");
    }

    [Theory]
    [InlineData("!vote 2", true, false)]
    [InlineData("???", false, true)]
    [InlineData("what is this?", false, false)]
    public void Rules_reject_commands_and_question_mark_spam(string text, bool command, bool spam)
    {
        var signals = QuestionRules.Analyze(text);

        Assert.Equal(command, signals.Command);
        Assert.Equal(spam, signals.PunctuationSpam);
    }

    [Fact]
    public void Auxiliary_inversion_is_recognised_without_a_question_mark()
    {
        var signals = QuestionRules.Analyze("did you finish the dlc");

        Assert.True(signals.AuxInversion);
        Assert.False(signals.QuestionMark);
    }
}
