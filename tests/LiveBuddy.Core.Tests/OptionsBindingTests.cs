using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using LiveBuddy.Core.Tests.Commands;
using LiveBuddy.Core.Timers;
using Microsoft.Extensions.Configuration;

namespace LiveBuddy.Core.Tests;

/// <summary>Options bind from configuration sections the way the host binds them.</summary>
public sealed class OptionsBindingTests
{
    private static IConfiguration FromJson(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public void Shipped_timers_file_binds_to_the_Timers_section()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(CommandRouterTests.RepoRoot(), "config", "timers.json"), optional: false)
            .Build();

        var options = config.GetSection("Timers").Get<TimersOptions>()!;

        Assert.Equal(["socials", "qa", "hydrate"], options.Messages!.Select(m => m.Name));
        Assert.Equal(TimeSpan.FromMinutes(20), options.Messages![0].Interval);
        Assert.Equal("0 0/30 * * * ?", options.Messages[1].Cron);
        Assert.False(options.Messages[2].Enabled);
        Assert.All(new TimerFeature(options).Timers, t => Assert.True(t.Interval is not null || !string.IsNullOrWhiteSpace(t.Cron)));
    }

    [Fact]
    public void Every_section_binds_lists_enums_and_spans_and_replaces_default_lists()
    {
        var config = FromJson("""
            {
              "Polls": { "DefaultDuration": "00:01:30", "ManageLevel": "Vip", "MirrorToTwitch": true },
              "Qa": { "CaptureQuestions": true, "DuplicateSimilarity": 0.8 },
              "Alerts": { "Kinds": { "bits": { "MinAmount": 100 }, "follow": { "Enabled": false } } },
              "Commands": { "Prefix": "?", "ManageLevel": "Broadcaster" },
              "Moderation": { "Ladder": [ "00:00:10", "00:05:00" ], "BannedWords": [ "spoiler" ], "ToxicityThreshold": 0.9,
                              "AllowedDomains": [ "clips.twitch.tv" ] },
              "Timers": { "Messages": [ { "Name": "x", "Message": "y", "Interval": "00:10:00", "Platforms": [ "youtube" ] } ] }
            }
            """);

        var polls = config.GetSection("Polls").Get<PollsOptions>()!;
        var qa = config.GetSection("Qa").Get<QaOptions>()!;
        var alerts = config.GetSection("Alerts").Get<AlertsOptions>()!;
        var commands = config.GetSection("Commands").Get<CommandsOptions>()!;
        var moderation = config.GetSection("Moderation").Get<ModerationOptions>()!;
        var timers = config.GetSection("Timers").Get<TimersOptions>()!;

        Assert.Equal((TimeSpan.FromSeconds(90), PermissionLevel.Vip, true), (polls.DefaultDuration, polls.ManageLevel, polls.MirrorToTwitch));
        Assert.Equal((true, 0.8), (qa.CaptureQuestions, qa.DuplicateSimilarity));
        Assert.Equal((100m, false), (alerts.Kinds["bits"].MinAmount, alerts.Kinds["follow"].Enabled));
        Assert.Equal(("?", PermissionLevel.Broadcaster), (commands.Prefix, commands.ManageLevel));
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)], moderation.Ladder!);
        Assert.Equal((0.9f, "spoiler"), (moderation.ToxicityThreshold!.Value, moderation.BannedWords!.Single()));
        Assert.Equal([Platform.YouTube], timers.Messages!.Single().Platforms!);
    }
}
