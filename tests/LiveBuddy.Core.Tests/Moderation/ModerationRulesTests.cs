using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Tests.Moderation;

public sealed class ModerationRulesTests
{
    private static Harness Build(ModerationOptions? options = null, params CustomCommand[] commands)
    {
        var rules = new ModerationRules(options ?? new ModerationOptions());
        return new Harness(rules, new CommandRouter(new CommandsOptions(), [rules], commands, rules));
    }

    private static ModerationRequest[] Actions(Harness h) => h.Sink.Of<ModerationRequest>().ToArray();

    [Fact]
    public void Ladder_goes_warn_then_timeout_then_longer_timeout_and_forgives_after_the_window()
    {
        var h = Build();
        var ann = Harness.Viewer("Ann");

        // Each offence after the viewer's timeout has run out climbs the ladder.
        h.Twitch(ann, "check out spam.example.com now");
        h.Twitch(ann, "https://evil.example.net/x");
        h.Advance(TimeSpan.FromSeconds(61));
        h.Twitch(ann, "www.spam.tv");
        h.Advance(TimeSpan.FromSeconds(601));
        h.Twitch(ann, "visit cheap.shop");
        h.Advance(TimeSpan.FromMinutes(31));
        h.Twitch(ann, "bit.ly/abc");

        var actions = Actions(h);
        Assert.Equal(5, actions.Count(a => a.Kind == ModerationKind.Delete));
        var steps = actions.Where(a => a.Kind != ModerationKind.Delete).Select(a => (a.Kind, a.Duration)).ToArray();
        Assert.Equal(
        [
            (ModerationKind.Warn, null),
            (ModerationKind.Timeout, TimeSpan.FromMinutes(1)),
            (ModerationKind.Timeout, TimeSpan.FromMinutes(10)),
            (ModerationKind.Timeout, TimeSpan.FromMinutes(10)),
            (ModerationKind.Warn, null),
        ], steps);
        Assert.All(actions, a => Assert.Equal("filter:links", a.RequestedBy));
        Assert.Equal("m1", actions[0].MessageId);
    }

    [Fact]
    public void Automatic_moderation_leaves_shared_chat_partner_lines_alone_unless_they_participate()
    {
        var h = Build();
        h.Partner(Harness.Viewer("Pat"), "check out spam.example.com now");
        Assert.Empty(Actions(h));

        h.Partner(Harness.Viewer("Pia"), "check out spam.example.com now", participates: true);
        Assert.Contains(Actions(h), a => a.Kind == ModerationKind.Delete);
    }

    [Fact]
    public void Lines_still_arriving_from_a_viewer_the_filter_timed_out_are_removed_without_new_rungs_or_replies()
    {
        var h = Build();
        var ann = Harness.Viewer("Ann");

        h.Twitch(ann, "spam.example.com");          // warn
        h.Twitch(ann, "spam.example.com again");    // timeout 1 min
        for (var i = 0; i < 20; i++) h.Twitch(ann, $"still here {i} spam.example.com"); // in flight, or the bot is not a moderator
        h.Advance(TimeSpan.FromSeconds(61));
        h.Twitch(ann, "back with spam.example.com"); // the timeout is over: next rung

        var actions = Actions(h);
        Assert.Equal(23, actions.Count(a => a.Kind == ModerationKind.Delete));
        Assert.Equal(
            [(ModerationKind.Warn, (TimeSpan?)null), (ModerationKind.Timeout, TimeSpan.FromMinutes(1)), (ModerationKind.Timeout, TimeSpan.FromMinutes(10))],
            actions.Where(a => a.Kind != ModerationKind.Delete).Select(a => (a.Kind, a.Duration)));
        Assert.Equal(3, h.Sink.Of<ChatReply>().Count());
    }

    [Fact]
    public void A_spam_wave_gets_at_most_five_explanations_in_chat_per_30_seconds()
    {
        var h = Build();

        for (var i = 0; i < 40; i++) h.Twitch(Harness.Viewer("Bot" + i, id: "b" + i), "cheap followers at spam.example.com");
        var during = h.Sink.Of<ChatReply>().Count();
        h.Advance(TimeSpan.FromSeconds(30));
        h.Twitch(Harness.Viewer("Late", id: "late"), "cheap followers at spam.example.com");

        Assert.Equal(5, during);
        Assert.Equal(6, h.Sink.Of<ChatReply>().Count());
        Assert.Equal(41, Actions(h).Count(a => a.Kind == ModerationKind.Delete)); // every line still removed
    }

    [Fact]
    public void Ladder_is_kept_per_viewer_and_per_platform()
    {
        var h = Build();

        h.Twitch(Harness.Viewer("Ann", id: "1"), "example.com");
        h.YouTube(Harness.Viewer("Ann", id: "1"), "example.com");
        h.Twitch(Harness.Viewer("Bob"), "example.com");

        Assert.Equal(3, Actions(h).Count(a => a.Kind == ModerationKind.Warn));
    }

    [Fact]
    public void Permit_lets_a_viewer_post_a_link_for_a_while()
    {
        var h = Build();
        h.Twitch(Harness.Viewer("Ann"), "hello");
        h.Twitch(Harness.Mod("Mia"), "!permit @ann");

        h.Twitch(Harness.Viewer("Ann"), "my clip: clips.twitch.tv/abc");
        h.Advance(TimeSpan.FromSeconds(61));
        h.Twitch(Harness.Viewer("Ann"), "another clips.twitch.tv/def");

        Assert.Equal("m4", Actions(h).Single(a => a.Kind == ModerationKind.Delete).MessageId);
    }

    [Fact]
    public void Allowed_domains_pass()
    {
        var h = Build(new ModerationOptions { AllowedDomains = ["twitch.tv"] });

        h.Twitch(Harness.Viewer("Ann"), "https://clips.twitch.tv/abc and twitch.tv/streamer");

        Assert.Empty(Actions(h));
    }

    [Theory]
    [InlineData("THIS IS SO LOUD I LOVE IT", "caps")]
    [InlineData("!!!!!!$$$$$$%%%%%% ####", "symbols")]
    [InlineData("buy followers at cheapviewers", "banned-words")]
    [InlineData("free V-Bucks here", "banned-patterns")]
    public void Each_filter_removes_what_it_is_for(string text, string filter)
    {
        var h = Build(new ModerationOptions { BannedWords = ["buy followers"], BannedPatterns = [@"free\s+v-?bucks"] });

        h.Twitch(Harness.Viewer("Ann"), text);

        Assert.All(Actions(h), a => Assert.Equal("filter:" + filter, a.RequestedBy));
        Assert.Equal(2, Actions(h).Length);
    }

    [Fact]
    public void Emotes_do_not_count_as_shouting_or_symbols_but_the_words_between_them_do()
    {
        var h = Build();
        static MessageFragment E(string name) => new(name, new Emote("1", name, "https://static-cdn.jtvnw.net/emoticons/v2/1/default/dark/1.0"));
        ChatMessage Line(string id, params MessageFragment[] fragments) => new()
        {
            Platform = Platform.Twitch, Id = id, Channel = "streamer", SentAt = h.Time.GetUtcNow(), ReceivedAt = h.Time.GetUtcNow(),
            Author = Harness.Viewer("Ann", id: "id-" + id), Text = string.Concat(fragments.Select(f => f.Text)), Fragments = fragments,
        };

        h.Pipeline.Process(Line("wall", E("KEKW"), new(" "), E("LUL"), new(" "), E("OMEGALUL"), new(" "), E("POGGERS"), new(" "), E("KEKW")));
        h.Pipeline.Process(Line("one", E("DansGame")));
        Assert.Empty(Actions(h));

        h.Pipeline.Process(Line("loud", E("Kappa"), new(" THIS IS SO LOUD "), E("LUL"), new(" I LOVE IT")));
        Assert.Contains(Actions(h), a => a.RequestedBy == "filter:caps");
        h.Pipeline.Process(Line("signs", new("!!!!!!$$$$ "), E("Kappa"), new(" %%%%%% ####")));
        Assert.Contains(Actions(h), a => a.RequestedBy == "filter:symbols");
        h.Pipeline.Process(Line("link", E("Kappa"), new(" see cheap-viewers.com now")));
        Assert.Contains(Actions(h), a => a.RequestedBy == "filter:links");
    }

    [Theory]
    [InlineData("GG")]
    [InlineData("LETS GO")]
    [InlineData("what a play :) haha")]
    [InlineData("I love this game, the music is great")]
    public void Ordinary_chat_passes(string text)
    {
        var h = Build(new ModerationOptions { BannedWords = ["buy followers"] });

        h.Twitch(Harness.Viewer("Ann"), text);

        Assert.Empty(Actions(h));
    }

    [Fact]
    public void Same_text_three_times_is_repetition_and_many_lines_fast_is_flood()
    {
        var h = Build();
        var ann = Harness.Viewer("Ann");
        h.Twitch(ann, "first!");
        h.Twitch(ann, "first!");
        h.Twitch(ann, "First");
        Assert.Equal("filter:repetition", Actions(h).Last().RequestedBy);

        var bob = Harness.Viewer("Bob");
        for (var i = 0; i < 7; i++) h.Twitch(bob, $"line {i}");
        Assert.Equal("filter:flood", Actions(h).Last().RequestedBy);
        Assert.Single(Actions(h), a => a.Kind == ModerationKind.Delete && a.Target.Name == "bob");
    }

    [Fact]
    public void Repetition_window_passes()
    {
        var h = Build();
        var ann = Harness.Viewer("Ann");
        h.Twitch(ann, "hype");
        h.Advance(TimeSpan.FromSeconds(20));
        h.Twitch(ann, "hype");
        h.Advance(TimeSpan.FromSeconds(20));
        h.Twitch(ann, "hype");

        Assert.Empty(Actions(h));
    }

    [Fact]
    public void Toxicity_uses_the_model_flag_or_a_configured_threshold()
    {
        var flagged = new MessageScore(Sentiment.Negative, -0.9f, false, Toxic: true, Toxicity: 0.6f);
        var borderline = new MessageScore(Sentiment.Negative, -0.5f, false, Toxic: false, Toxicity: 0.75f);

        var byFlag = Build();
        byFlag.Twitch(Harness.Viewer("Ann"), "you are bad", flagged);
        byFlag.Twitch(Harness.Viewer("Bob"), "meh", borderline);
        Assert.Equal(["ann", "ann"], Actions(byFlag).Select(a => a.Target.Name));

        var byScore = Build(new ModerationOptions { ToxicityThreshold = 0.7f });
        byScore.Twitch(Harness.Viewer("Ann"), "you are bad", flagged);
        byScore.Twitch(Harness.Viewer("Bob"), "meh", borderline);
        Assert.Equal(["bob", "bob"], Actions(byScore).Select(a => a.Target.Name));
        Assert.All(Actions(byScore), a => Assert.Equal("filter:toxicity", a.RequestedBy));
    }

    [Fact]
    public void Moderators_and_vips_are_exempt_and_subscribers_only_when_configured()
    {
        var h = Build();
        h.Twitch(Harness.Mod("Mia"), "example.com");
        h.Twitch(Harness.Viewer("Bro", ViewerRoles.Broadcaster), "example.com");
        h.Twitch(Harness.Viewer("Vee", ViewerRoles.Vip), "example.com");
        h.Twitch(Harness.Viewer("Sub", ViewerRoles.Subscriber), "example.com");
        Assert.Equal(["sub", "sub"], Actions(h).Select(a => a.Target.Name));

        var strict = Build(new ModerationOptions { ExemptVips = false, ExemptSubscribers = true });
        strict.Twitch(Harness.Viewer("Vee", ViewerRoles.Vip), "example.com");
        strict.Twitch(Harness.Viewer("Sub", ViewerRoles.Subscriber), "example.com");
        Assert.Equal(["vee", "vee"], Actions(strict).Select(a => a.Target.Name));
    }

    [Fact]
    public void Moderator_commands_resolve_recent_chatters_on_the_same_platform()
    {
        var h = Build();
        var troll = Harness.Viewer("Troll", id: "t1");
        h.YouTube(troll, "hi");
        h.Twitch(Harness.Viewer("Other"), "hi");

        h.YouTube(Harness.Mod("YtMod"), "!timeout @Troll 5m spoilers again");
        h.YouTube(Harness.Mod("YtMod"), "!ban troll");
        h.YouTube(Harness.Mod("YtMod"), "!unban TROLL");
        h.Twitch(Harness.Mod("Mia"), "!ban troll");      // not seen on Twitch
        h.YouTube(Harness.Mod("YtMod"), "!timeout troll soon");

        var actions = Actions(h);
        Assert.Equal([ModerationKind.Timeout, ModerationKind.Ban, ModerationKind.Unban], actions.Select(a => a.Kind));
        Assert.All(actions, a => Assert.Equal((Platform.YouTube, "t1", "ytmod"), (a.Platform, a.Target.Id, a.RequestedBy)));
        Assert.Equal((TimeSpan.FromMinutes(5), "spoilers again"), (actions[0].Duration!.Value, actions[0].Reason));
        Assert.Contains(h.Sink.Replies, r => r.Platform == Platform.Twitch && r.Text == "I have not seen troll in this chat recently.");
        Assert.Contains(h.Sink.Replies, r => r.Text.StartsWith("Usage: !timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void YouTube_names_with_spaces_and_handles_with_at_signs_are_found()
    {
        var h = Build();
        h.YouTube(new Author { Id = "UC1", Name = "@maplesyrupmo", DisplayName = "MapleSyrup Mo" }, "hi");
        h.YouTube(new Author { Id = "UC2", Name = "@maple", DisplayName = "Maple" }, "hi");

        h.YouTube(Harness.Mod("YtMod"), "!timeout MapleSyrup Mo 90 too many spoilers");
        h.YouTube(Harness.Mod("YtMod"), "!ban @maplesyrupmo");
        h.YouTube(Harness.Mod("YtMod"), "!timeout maple 60");

        var actions = Actions(h);
        Assert.Equal(("UC1", TimeSpan.FromSeconds(90), "too many spoilers"), (actions[0].Target.Id, actions[0].Duration!.Value, actions[0].Reason));
        Assert.Equal(("UC1", ModerationKind.Ban), (actions[1].Target.Id, actions[1].Kind));
        Assert.Equal("UC2", actions[2].Target.Id);
    }

    [Fact]
    public void Viewers_cannot_use_moderator_commands_and_moderators_cannot_be_targeted()
    {
        var h = Build();
        h.Twitch(Harness.Mod("Mia"), "hi");
        h.Twitch(Harness.Viewer("Ann"), "hi");

        h.Twitch(Harness.Viewer("Ann"), "!ban mia");
        h.Twitch(Harness.Viewer("Bob", ViewerRoles.Vip), "!timeout ann 60");
        h.Twitch(Harness.Mod("Max"), "!timeout mia 60");

        Assert.Empty(Actions(h));
    }

    [Fact]
    public void A_removed_message_runs_no_command()
    {
        var h = Build(new ModerationOptions { BannedWords = ["badword"] }, new CustomCommand { Name = "hi", Response = "hello" });

        h.Twitch(Harness.Viewer("Ann"), "!hi badword");

        Assert.DoesNotContain(h.Sink.Replies, r => r.Text == "hello");
    }

    [Fact]
    public void Word_filter_reports_invalid_patterns_instead_of_failing()
    {
        var filter = new WordFilter(["Kappa123"], ["(unclosed", "ok+"]);

        Assert.Equal(["(unclosed"], filter.InvalidPatterns);
        Assert.Equal("banned-words", filter.Match("lol KAPPA123!"));
        Assert.Null(filter.Match("kappa1234"));
    }
}
