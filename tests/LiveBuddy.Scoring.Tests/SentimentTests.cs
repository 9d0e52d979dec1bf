using LiveBuddy.Core.Events;

namespace LiveBuddy.Scoring.Tests;

[Collection(ScoringCollection.Name)]
public sealed class SentimentTests(ScoringFixture fixture)
{
    private readonly ChatScorer _scorer = fixture.Scorer;

    [Theory]
    [InlineData("KEKW KEKW", Sentiment.Positive)]
    [InlineData("Sadge", Sentiment.Negative)]
    [InlineData("this is boring ResidentSleeper", Sentiment.Negative)]
    [InlineData("PogU that clutch was unreal", Sentiment.Positive)]
    [InlineData("PepeHands he lost the run again", Sentiment.Negative)]
    [InlineData("what time does the stream end", Sentiment.Neutral)]
    [InlineData("que aburrido esto", Sentiment.Negative)]
    [InlineData("danke für den tollen stream", Sentiment.Positive)]
    [InlineData("muito bom kkkkk", Sentiment.Positive)]
    [InlineData("c'est nul ce jeu", Sentiment.Negative)]
    [InlineData("not bad at all", Sentiment.Positive)]
    [InlineData("sooooo boooring", Sentiment.Negative)]
    public void Known_lines_get_the_expected_sentiment(string text, Sentiment expected)
    {
        var score = _scorer.Score(text);

        Assert.Equal(expected, score.Sentiment);
    }

    // The positive bias on unseen chat (issue 19): bare emotes and reactions whose valence is unknown or ironic were
    // read as joy. These were called positive before the fix.
    [Theory]
    [InlineData("4HEad")]
    [InlineData(":)")]
    [InlineData("KKonaW")]
    [InlineData("D:")]
    [InlineData("EZ Clap")]
    [InlineData("zorpLove")]
    [InlineData("mibsHype mibsHype mibsHype")]
    public void Bare_emotes_of_unknown_or_ironic_valence_are_neutral(string text)
    {
        Assert.Equal(Sentiment.Neutral, _scorer.Score(text).Sentiment);
    }

    [Theory]
    [InlineData("rinrinLove", true)]
    [InlineData("kumaRage", true)]
    [InlineData("iPhone", false)]
    [InlineData("KEKW", false)]
    [InlineData("hello", false)]
    [InlineData("abcDEF!", false)]
    public void Channel_emote_names_are_recognised_by_their_shape(string token, bool emote)
    {
        Assert.Equal(emote, Text.ChatFeaturizer.LooksLikeChannelEmote(token));
    }

    [Fact]
    public void Laughter_emotes_score_clearly_positive()
    {
        var score = _scorer.Score("KEKW KEKW");

        Assert.True(score.Value > 0.5f, $"value {score.Value}");
    }

    [Theory]
    [InlineData("Kappa great job")]
    [InlineData("great job /s")]
    [InlineData("amazing strategy Kappa")]
    public void Sarcasm_markers_keep_praise_from_scoring_strongly_positive(string text)
    {
        var score = _scorer.Score(text);

        Assert.True(score.Value < 0.5f, $"{text}: value {score.Value}");
        Assert.NotEqual(Sentiment.Positive, score.Sentiment);
    }

    [Fact]
    public void The_same_praise_without_sarcasm_is_positive()
    {
        var score = _scorer.Score("great job");

        Assert.Equal(Sentiment.Positive, score.Sentiment);
        Assert.True(score.Value > 0.5f, $"value {score.Value}");
    }

    [Fact]
    public void Values_stay_within_minus_one_and_one()
    {
        foreach (var text in new[] { "", " ", "KEKW KEKW KEKW KEKW KEKW KEKW", new string('a', 2000), "😭😭😭😭😭😭😭😭", "\u200B\u200B" })
        {
            var score = _scorer.Score(text);
            Assert.InRange(score.Value, -1f, 1f);
            Assert.InRange(score.Toxicity, 0f, 1f);
        }
    }

    [Fact]
    public void Platform_emote_fragments_feed_the_emote_table()
    {
        var sadge = new Emote("123", "Sadge", "https://cdn.example/emote/123");
        var message = Chat("Sadge", [new MessageFragment("Sadge", sadge)]);

        var score = _scorer.Score(message);

        Assert.Equal(Sentiment.Negative, score.Sentiment);
    }

    [Fact]
    public void An_unknown_platform_emote_is_not_read_as_a_word()
    {
        var custom = new Emote("9", "PartyTime", "https://cdn.example/emote/9");
        var withFragment = _scorer.Models.Featurizer.Featurize("PartyTime", [new MessageFragment("PartyTime", custom)], new Text.FeatureVector());
        var plain = _scorer.Models.Featurizer.Featurize("PartyTime", null, new Text.FeatureVector());

        Assert.True(withFragment.EmoteOnly);
        Assert.False(plain.EmoteOnly);
    }

    [Fact]
    public void Batch_scoring_matches_line_by_line_scoring()
    {
        var lines = Enumerable.Range(0, 600).Select(i => (i % 4) switch
        {
            0 => $"KEKW {i}",
            1 => $"what level is this {i}?",
            2 => $"so boring {i} ResidentSleeper",
            _ => $"you idiot {i}",
        }).ToArray();

        var batch = _scorer.ScoreBatch(lines, CancellationToken.None);

        Assert.Equal(lines.Select(_scorer.Score), batch);
    }

    internal static ChatMessage Chat(string text, IReadOnlyList<MessageFragment>? fragments = null) => new()
    {
        Platform = Platform.Twitch,
        Id = Guid.NewGuid().ToString("N"),
        Channel = "test",
        SentAt = DateTimeOffset.UnixEpoch,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Author = Author.Anonymous,
        Text = text,
        Fragments = fragments ?? [],
    };
}
