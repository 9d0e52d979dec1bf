using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Polls;

namespace LiveBuddy.Core.Tests.Commands;

public sealed class CommandRouterTests
{
    private readonly Author _mod = Harness.Mod("Mia");

    private static Harness Build(CommandsOptions? options = null, params CustomCommand[] initial) =>
        new(new CommandRouter(options ?? new CommandsOptions(), [], initial));

    [Fact]
    public void Custom_command_added_from_chat_answers_in_chat_with_variables()
    {
        var h = Build();
        h.Twitch(_mod, "!cmd add hug {user} hugs {touser}! ({count} hugs, {platform}/{channel}, live {uptime}, args: {args}) {unknown}");
        h.Advance(TimeSpan.FromMinutes(3));

        h.YouTube(Harness.Viewer("Bob"), "!hug @Ann tightly");

        var answer = h.Sink.Replies.Last();
        Assert.Equal(Platform.YouTube, answer.Platform);
        Assert.Equal("yt-live-chat", answer.Channel);
        Assert.Equal("Bob hugs Ann! (1 hugs, youtube/yt-live-chat, live 3m 0s, args: @Ann tightly) {unknown}", answer.Text);
        Assert.Equal("hug", h.Sink.Of<CustomCommandChanged>().First().Command.Name);
    }

    [Fact]
    public void Count_goes_up_with_each_use_and_is_emitted_for_storage()
    {
        var h = Build(new CommandsOptions { DefaultCooldown = TimeSpan.Zero, DefaultUserCooldown = TimeSpan.Zero },
            new CustomCommand { Name = "death", Response = "Deaths: {count}", Count = 41 });

        h.Twitch(Harness.Viewer("Ann"), "!death");
        h.Twitch(Harness.Viewer("Bob"), "!DEATH");

        Assert.Equal(["Deaths: 42", "Deaths: 43"], h.Sink.Replies.Select(r => r.Text));
        Assert.Equal(43, h.Sink.Of<CustomCommandChanged>().Last().Command.Count);
    }

    [Fact]
    public void Per_command_cooldown_is_per_channel_and_moderators_skip_it()
    {
        var h = Build(null, new CustomCommand { Name = "discord", Response = "join us", Cooldown = TimeSpan.FromSeconds(30), UserCooldown = TimeSpan.Zero });

        h.Twitch(Harness.Viewer("Ann"), "!discord");
        h.Twitch(Harness.Viewer("Bob"), "!discord");          // cooling down on Twitch
        h.YouTube(Harness.Viewer("Cy"), "!discord");          // YouTube has its own cooldown
        h.Twitch(_mod, "!discord");                           // moderators skip cooldowns
        h.Advance(TimeSpan.FromSeconds(30));
        h.Twitch(Harness.Viewer("Bob"), "!discord");

        Assert.Equal(4, h.Sink.Replies.Count);
    }

    [Fact]
    public void Per_user_cooldown_stops_one_viewer_but_not_others()
    {
        var h = Build(null, new CustomCommand { Name = "lurk", Response = "{user} lurks", Cooldown = TimeSpan.Zero, UserCooldown = TimeSpan.FromMinutes(1) });

        h.Twitch(Harness.Viewer("Ann"), "!lurk");
        h.Twitch(Harness.Viewer("Ann"), "!lurk");
        h.Twitch(Harness.Viewer("Bob"), "!lurk");
        h.Advance(TimeSpan.FromSeconds(61));
        h.Twitch(Harness.Viewer("Ann"), "!lurk");

        Assert.Equal(["Ann lurks", "Bob lurks", "Ann lurks"], h.Sink.Replies.Select(r => r.Text));
    }

    [Fact]
    public void Permission_levels_gate_commands_and_their_management()
    {
        var h = Build(null, new CustomCommand { Name = "vipthing", Response = "ok", Level = PermissionLevel.Vip });

        h.Twitch(Harness.Viewer("Sub", ViewerRoles.Subscriber), "!vipthing");
        h.Twitch(Harness.Viewer("Vee", ViewerRoles.Vip), "!vipthing");
        h.Twitch(Harness.Viewer("Ann", ViewerRoles.Vip | ViewerRoles.Subscriber), "!cmd add sneaky hi");
        h.Twitch(Harness.Viewer("Ann"), "!sneaky");

        Assert.Equal(["ok"], h.Sink.Replies.Select(r => r.Text));
        Assert.DoesNotContain(h.Sink.Of<CustomCommandChanged>(), c => c.Command.Name == "sneaky");
    }

    [Fact]
    public void Edit_alias_level_and_delete_work_and_are_emitted()
    {
        var h = Build(new CommandsOptions { DefaultCooldown = TimeSpan.Zero, DefaultUserCooldown = TimeSpan.Zero });
        h.Twitch(_mod, "!cmd add socials follow me");
        h.Twitch(_mod, "!cmd edit !socials twitter and bluesky");
        h.Twitch(_mod, "!cmd alias socials links");
        h.Twitch(Harness.Viewer("Ann"), "!links");
        h.Twitch(_mod, "!cmd level socials subscriber");
        h.Twitch(Harness.Viewer("Ann"), "!links");
        h.Twitch(_mod, "!cmd del socials");
        h.Twitch(Harness.Viewer("Sub", ViewerRoles.Subscriber), "!socials");

        Assert.Contains("twitter and bluesky", h.Sink.Replies.Select(r => r.Text));
        Assert.Single(h.Sink.Replies, r => r.Text == "twitter and bluesky");
        Assert.Equal("socials", Assert.Single(h.Sink.Of<CustomCommandRemoved>()).Name);
    }

    [Fact]
    public void Bad_management_input_gets_polite_replies_and_never_shadows_built_ins()
    {
        var h = Build();
        h.Twitch(_mod, "!cmd");
        h.Twitch(_mod, "!cmd add");
        h.Twitch(_mod, "!cmd add bad/name hi");
        h.Twitch(_mod, "!cmd add cmd hi");
        h.Twitch(_mod, "!cmd add empty");
        h.Twitch(_mod, "!cmd edit ghost hi");
        h.Twitch(_mod, "!cmd frobnicate x");
        h.Twitch(_mod, "!");

        Assert.Equal(7, h.Sink.Replies.Count);
        Assert.Empty(h.Sink.Of<CustomCommandChanged>());
    }

    [Fact]
    public void Configurable_prefix_is_honoured()
    {
        var h = Build(new CommandsOptions { Prefix = "?" }, new CustomCommand { Name = "hi", Response = "hello" });

        h.Twitch(Harness.Viewer("Ann"), "!hi");
        h.Twitch(Harness.Viewer("Bob"), "?hi");

        Assert.Equal("hello", Assert.Single(h.Sink.Replies).Text);
    }

    [Fact]
    public void Replies_name_commands_with_the_configured_prefix()
    {
        var polls = new PollEngine(new PollsOptions(), "?");
        var h = new Harness(new CommandRouter(new CommandsOptions { Prefix = "?" }, [polls], []), polls);

        h.Twitch(_mod, "?poll");
        h.Twitch(_mod, "?cmd add");
        h.Twitch(_mod, "?poll Q | a | b");

        Assert.All(h.Sink.Replies, r => Assert.DoesNotContain("!", r.Text, StringComparison.Ordinal));
        Assert.StartsWith("Usage: ?poll", h.Sink.Replies[0].Text, StringComparison.Ordinal);
        Assert.Contains("?vote 1-2", h.Sink.Replies[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_list_has_a_cooldown()
    {
        var h = Build(null, new CustomCommand { Name = "a", Response = "x" });

        h.Twitch(Harness.Viewer("Ann"), "!commands");
        h.Twitch(Harness.Viewer("Bob"), "!commands");
        h.Advance(TimeSpan.FromSeconds(5));
        h.Twitch(Harness.Viewer("Bob"), "!commands");

        Assert.Equal(2, h.Sink.Replies.Count);
    }

    [Fact]
    public void Commands_lists_what_the_viewer_may_use()
    {
        var h = Build(null,
            new CustomCommand { Name = "b", Response = "x" },
            new CustomCommand { Name = "a", Response = "x" },
            new CustomCommand { Name = "modonly", Response = "x", Level = PermissionLevel.Moderator });

        h.Twitch(Harness.Viewer("Ann"), "!commands");

        Assert.Equal("Commands: !a !b", Assert.Single(h.Sink.Replies).Text);
    }

    [Fact]
    public void Shipped_commands_file_parses_into_commands()
    {
        var path = Path.Combine(RepoRoot(), "config", "commands.json");

        var commands = CustomCommandFile.Parse(File.ReadAllText(path));

        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.False(string.IsNullOrWhiteSpace(c.Response)));
        Assert.Contains(commands, c => c.Aliases.Count > 0);
    }

    [Fact]
    public void Commands_file_reads_levels_cooldowns_and_skips_incomplete_entries()
    {
        var commands = CustomCommandFile.Parse("""
            { "commands": [
              { "name": "!Discord", "response": "x", "aliases": ["dc"], "level": "Subscriber", "cooldownSeconds": 30 },
              { "name": "broken" },
            ] }
            """);

        var discord = Assert.Single(commands);
        Assert.Equal(("discord", PermissionLevel.Subscriber, TimeSpan.FromSeconds(30), (TimeSpan?)null),
            (discord.Name, discord.Level, discord.Cooldown!.Value, discord.UserCooldown));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props"))) dir = dir.Parent;
        // Artifacts may live outside the repo (--artifacts-path): fall back to the source tree of this file.
        return dir?.FullName ?? Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", ".."));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
