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
        // Written for this test, not part of the training data.
        (string Text, bool Question)[] lines =
        [
            ("what dpi are you on?", true), ("how many runs is this", true), ("can you turn the camera on", true),
            ("do you stream on weekends?", true), ("where did you buy that lamp?", true), ("is the soundtrack on spotify", true),
            ("why did you pick the dagger?", true), ("could you explain the combo again", true), ("how long is one match?", true),
            ("which boss is next?", true), ("who made your overlay?", true), ("are you playing the beta?", true),
            ("kannst du das nochmal zeigen?", true), ("qual é o seu rank?", true), ("tu joues à quoi demain ?", true),
            ("????", false), ("KEKW?", false), ("!discord", false), ("what a shot", false), ("lol", false),
            ("omg the dog", false), ("huh?", false), ("how cute is that", false), ("he is so bad at this KEKW", false),
            ("catJAM catJAM", false), ("im eating pizza", false), ("the door code is 1234", false), ("welcome raiders", false),
            ("first time here", false), ("good night chat", false),
        ];
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
