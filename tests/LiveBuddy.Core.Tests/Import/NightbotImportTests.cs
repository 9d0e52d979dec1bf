using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Import;

namespace LiveBuddy.Core.Tests.Import;

public sealed class NightbotImportTests
{
    // The shape of GET https://api.nightbot.tv/1/commands as Nightbot's API reference shows it.
    private const string Export = """
        {
          "_total": 6,
          "status": 200,
          "commands": [
            { "_id": "56739fb5d0c250946ed6746e", "createdAt": "2015-12-18T05:55:01.735Z", "updatedAt": "2015-12-18T05:55:01.735Z",
              "name": "!deaths", "message": "$(user), the streamer died $(count) times", "coolDown": 30, "count": 41, "userLevel": "everyone" },
            { "_id": "2", "name": "!so", "message": "Go follow $(touser)! $(query)", "coolDown": 5, "count": 0, "userLevel": "moderator" },
            { "_id": "3", "name": "!vipsonly", "message": "hi", "coolDown": 5, "count": 0, "userLevel": "regular" },
            { "_id": "4", "name": "!followage", "message": "$(urlfetch https://example.invalid/$(touser))", "coolDown": 5, "count": 0, "userLevel": "everyone" },
            { "_id": "5", "name": "!points", "message": "clash with a built-in", "coolDown": 5, "count": 0, "userLevel": "everyone" },
            { "_id": "6", "name": "!bad name", "message": "x", "coolDown": 5, "count": 0, "userLevel": "everyone" }
          ]
        }
        """;

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Commands_their_counters_levels_and_cooldowns_come_over_with_variables_translated()
    {
        var (commands, skipped) = NightbotImport.Parse(Export, Now);
        var deaths = Assert.Single(commands, c => c.Name == "deaths");
        Assert.Equal("{user}, the streamer died {count} times", deaths.Response);
        Assert.Equal(41, deaths.Count);
        Assert.Equal(TimeSpan.FromSeconds(30), deaths.Cooldown);
        var so = Assert.Single(commands, c => c.Name == "so");
        Assert.Equal("Go follow {touser}! {args}", so.Response);
        Assert.Equal(PermissionLevel.Moderator, so.Level);
        Assert.Equal(PermissionLevel.Vip, Assert.Single(commands, c => c.Name == "vipsonly").Level);
        Assert.Contains(skipped, s => s.Name == "!followage" && s.Reason.Contains("$(urlfetch)", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Name == "!bad name");
    }

    [Fact]
    public void A_dry_run_lists_what_would_be_added_and_changes_nothing_then_the_import_adds_it_without_overwriting()
    {
        var router = new CommandRouter(new CommandsOptions(), [new FakePoints()], [new CustomCommand { Name = "so", Response = "mine" }]);
        var h = new Harness(router);
        var (commands, skipped) = NightbotImport.Parse(Export, Now);

        var dry = Assert.IsType<ImportResult>(h.Send(new ImportCommands(commands, skipped, DryRun: true)));
        Assert.Equal(["deaths", "vipsonly"], dry.Commands.Select(c => c.Name).Order());
        Assert.Contains(dry.Skipped, s => s.Name == "so" && s.Reason.Contains("already", StringComparison.Ordinal));
        Assert.Contains(dry.Skipped, s => s.Name == "points");
        Assert.False(router.IsCommand("deaths"));
        Assert.Empty(h.Sink.Of<CustomCommandChanged>());

        var done = Assert.IsType<ImportResult>(h.Send(new ImportCommands(commands, skipped, DryRun: false)));
        Assert.False(done.DryRun);
        Assert.True(router.IsCommand("deaths"));
        Assert.Equal(2, h.Sink.Of<CustomCommandChanged>().Count());
        h.Twitch(Harness.Viewer("Ann"), "!deaths");
        Assert.Equal("Ann, the streamer died 42 times", h.Sink.Replies[^1].Text);
        h.Twitch(Harness.Viewer("Bob"), "!so");
        Assert.Equal("mine", h.Sink.Replies[^1].Text); // the streamer's own command was not overwritten
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("[1,2,3]", "not a Nightbot commands list")]
    [InlineData("{\"commands\": 5}", "not a Nightbot commands list")]
    public void A_file_that_is_not_a_Nightbot_export_gets_a_clear_error(string file, string expected)
    {
        var error = Assert.Throws<ImportFormatException>(() => NightbotImport.Parse(file, Now));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_with_missing_or_hostile_fields_are_skipped_with_a_reason()
    {
        var (commands, skipped) = NightbotImport.Parse("""
            {"commands": [ {"name": "!a"}, {"name": "!b", "message": "x", "userLevel": "wizard"}, {"name": "!c", "message": "x", "count": -5},
                           {"name": "!d", "message": "x", "coolDown": 1e300}, 7, {"name": "!e", "message": "ok"} ]}
            """, Now);
        Assert.Equal("e", Assert.Single(commands).Name);
        Assert.Equal(5, skipped.Count);
    }

    private sealed class FakePoints : IChatCommandHandler
    {
        public IReadOnlyCollection<string> CommandNames { get; } = ["points"];
        public void HandleCommand(ChatCommand command, LiveBuddy.Core.Pipeline.FeatureContext context) { }
    }
}
