using LiveBuddy.Scoring.Toxicity;

namespace LiveBuddy.Scoring.Tests;

[Collection(ScoringCollection.Name)]
public sealed class ToxicityTests(ScoringFixture fixture)
{
    private readonly ChatScorer _scorer = fixture.Scorer;

    [Theory]
    [InlineData("1d10t", "idiot")]
    [InlineData("ST0P1D", "stopid")]
    [InlineData("l0s3r", "loser")]
    [InlineData("a$$hole", "asshole")]
    [InlineData("id\u200Biot", "idiot")]
    [InlineData("i\u200Cd\u200Di\u2060o\uFEFFt", "idiot")]
    [InlineData("\u0456d\u0456\u043Et", "idiot")] // Cyrillic і and о
    [InlineData("ｉｄｉｏｔ", "idiot")]
    [InlineData("𝐢𝐝𝐢𝐨𝐭", "idiot")]
    [InlineData("ⓘⓓⓘⓞⓣ", "idiot")]
    [InlineData("i\U000E0041diot", "idiot")] // a tag character hidden inside
    [InlineData("ídïót", "idiot")]
    public void Normalization_undoes_filter_dodges(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("gg 2 ez")]
    [InlineData("1v1 me")]
    [InlineData("idiot!")]
    [InlineData("@mike hi")]
    public void Digits_and_punctuation_outside_words_stay_as_they_are(string input)
    {
        Assert.Equal(input, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("you are an idiot")]
    [InlineData("ur such a 1d10t")]
    [InlineData("i d i o t")]
    [InlineData("ｙｏｕ ａｒｅ ａ ｍｏｒｏｎ")]
    [InlineData("id\u200Biot streamer")]
    [InlineData("kys")]
    [InlineData("k y s")]
    [InlineData("stuuuuupid streamer")]
    [InlineData("buy followers cheap at streamboost dot com http://streamboost.xyz")]
    [InlineData("@a @b @c @d @e check my channel")]
    public void Abuse_and_spam_are_toxic(string text)
    {
        var score = _scorer.Score(text);

        Assert.True(score.Toxic, $"{text}: toxicity {score.Toxicity}");
    }

    [Theory]
    [InlineData("greetings from Scunthorpe")]
    [InlineData("assassin's creed next?")]
    [InlineData("the cocktail bar level")]
    [InlineData("that was fucking awesome")]
    [InlineData("you killed it today")]
    [InlineData("i'm such an idiot, forgot to save")]
    [InlineData("KEKW KEKW KEKW KEKW KEKW KEKW KEKW")]
    [InlineData("what game is this?")]
    [InlineData("gg 2 ez")]
    public void Friendly_lines_and_allow_listed_words_are_not_toxic(string text)
    {
        var score = _scorer.Score(text);

        Assert.False(score.Toxic, $"{text}: toxicity {score.Toxicity}");
    }

    [Theory]
    [InlineData("stu pid streamer")] // split in two
    [InlineData("ass hole")]
    [InlineData("shut upppp loser")] // stretched inside a phrase
    [InlineData("$tfu")] // a symbol starting the word
    [InlineData("ѕhυт υp")] // Greek upsilon for u
    public void Rules_see_through_split_stretched_and_symbol_led_spellings(string text)
    {
        var signals = fixture.Models.Featurizer.Toxicity.Analyze(text, 0);

        Assert.True(signals.Insult > 0, $"{text}: insult {signals.Insult}");
    }

    [Theory]
    [InlineData("Twatt in Orkney")]
    [InlineData("the rapist")] // joined it is an allowed word
    public void Joining_words_or_places_does_not_invent_insults(string text)
    {
        var signals = fixture.Models.Featurizer.Toxicity.Analyze(text, 0);

        Assert.Equal(0f, signals.Insult);
    }

    [Fact]
    public void Hashed_terms_match_without_the_word_being_stored()
    {
        var hashed = new Dictionary<ulong, ToxicTerm> { [ToxicityLexicon.Fnv1a64("zzbadword")] = new(1f, ToxicKind.Insult) };
        var rules = new ToxicityRules(new ToxicityLexicon(new Dictionary<string, ToxicTerm>(), hashed, []));

        var hit = rules.Analyze("you zzb4dword", emoteCount: 0);
        var miss = rules.Analyze("you zzgoodword", emoteCount: 0);

        Assert.True(hit.Directed);
        Assert.Equal(1f, hit.Insult);
        Assert.Equal(0f, miss.Insult);
    }

    [Fact]
    public void Allow_list_stops_substring_matches_inside_innocent_words()
    {
        var terms = new Dictionary<string, ToxicTerm> { ["assass"] = new(0.9f, ToxicKind.Insult) };
        var withAllow = new ToxicityRules(new ToxicityLexicon(terms, new Dictionary<ulong, ToxicTerm>(), ["assassins"]));
        var withoutAllow = new ToxicityRules(new ToxicityLexicon(terms, new Dictionary<ulong, ToxicTerm>(), []));

        Assert.Equal(0f, withAllow.Analyze("assassins", 0).Insult);
        Assert.True(withoutAllow.Analyze("assassins", 0).Insult > 0);
    }

    [Fact]
    public void Spam_signals_add_up()
    {
        var rules = fixture.Models.Featurizer.Toxicity;

        var plain = rules.Analyze("nice stream", 0);
        var spam = rules.Analyze("FREE FOLLOWERS AND VIEWERS AT HTTP://CHEAP.RU !!!! @A @B @C", 0);

        Assert.Equal(0f, plain.SpamScore);
        Assert.True(spam.SpamScore > 0.8f, $"spam score {spam.SpamScore}");
        Assert.Equal(1, spam.Links);
        Assert.Equal(3, spam.Mentions);
    }
}
