using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Polls;
using LiveBuddy.Obs.Connection;
using LiveBuddy.Obs.Rules;
using LiveBuddy.Testing.Obs;

namespace LiveBuddy.Obs.Tests;

public sealed class ObsAutomationTests
{
    [Fact]
    public async Task A_detected_moment_saves_the_replay_buffer_and_keeps_its_path()
    {
        await using var fake = await FakeObsServer.StartAsync("pw");
        fake.ReplayBufferActive = true;
        await using var obs = new ObsHarness(fake, "pw");
        await ObsHarness.EventuallyAsync(() => obs.Connection.ReplayBufferActive);

        var result = await obs.Automation.OnMomentAsync("m-1", "funny", "a funny moment: 300 messages in 30 s", "20261207-200000",
            saveReplay: true, CancellationToken.None);

        Assert.NotNull(result);
        Assert.True(result.Saved);
        Assert.StartsWith("C:/Users/streamer/Videos/Replay ", result.Path, StringComparison.Ordinal);
        var saved = Assert.Single(obs.Saved);
        Assert.Equal(result.Path, saved.Path);
        Assert.Equal(("m-1", "funny", "20261207-200000"), (saved.MomentId, saved.Kind, saved.SessionId));
        Assert.Contains("SaveReplayBuffer", fake.RequestTypes);
    }

    [Fact]
    public async Task No_replay_is_asked_for_when_the_buffer_is_not_running_and_the_failed_save_is_recorded_with_why()
    {
        await using var fake = await FakeObsServer.StartAsync("pw");
        await using var obs = new ObsHarness(fake, "pw");
        await fake.WaitUntilAsync(f => f.RequestTypes.Contains("GetReplayBufferStatus"), TimeSpan.FromSeconds(10));

        var result = await obs.Automation.OnMomentAsync("m-2", "hype", "hype", "20261207-200000", saveReplay: true, CancellationToken.None);

        Assert.False(result!.Saved);
        Assert.DoesNotContain("SaveReplayBuffer", fake.RequestTypes);
        var failed = Assert.Single(obs.Saved);
        Assert.Equal(((string?)null, "m-2", "OBS's replay buffer is not running"), (failed.Path, failed.MomentId, failed.Failure));
    }

    [Fact]
    public async Task A_moment_while_obs_is_away_is_recorded_as_a_failed_save()
    {
        await using var fake = await FakeObsServer.StartAsync("pw");
        fake.ReplayBufferActive = true;
        await using var obs = new ObsHarness(fake, "pw");
        await ObsHarness.EventuallyAsync(() => obs.Connection.ReplayBufferActive);
        await fake.StopAsync(); // OBS closed
        await ObsHarness.EventuallyAsync(() => obs.Connection.State != ObsState.Connected);

        var result = await obs.Automation.OnMomentAsync("m-3", "funny", "a funny moment", "20261207-200000", saveReplay: true, CancellationToken.None);

        Assert.False(result!.Saved);
        var failed = Assert.Single(obs.Saved);
        Assert.Equal(((string?)null, "m-3", "OBS is not connected"), (failed.Path, failed.MomentId, failed.Failure));
    }

    [Fact]
    public async Task Moderator_replay_command_saves_and_answers_in_chat()
    {
        await using var fake = await FakeObsServer.StartAsync("pw");
        fake.ReplayBufferActive = true;
        await using var obs = new ObsHarness(fake, "pw");
        await ObsHarness.EventuallyAsync(() => obs.Connection.ReplayBufferActive);

        obs.Automation.OnEvent(Chat.From("viewer", "!replay"), null);         // not a moderator: ignored
        obs.Automation.OnEvent(Chat.From("mod", "!replay", moderator: true), null);

        await ObsHarness.EventuallyAsync(() => obs.Replies.Count == 1);
        Assert.Equal("Replay saved.", Assert.Single(obs.Replies).Text);
        Assert.Equal("replay", Assert.Single(obs.Saved).Kind);
        Assert.Single(fake.RequestTypes, t => t == "SaveReplayBuffer");
    }

    [Fact]
    public async Task A_raid_switches_the_scene_once_per_cooldown()
    {
        await using var fake = await FakeObsServer.StartAsync("pw");
        await using var obs = new ObsHarness(fake, "pw",
            [new ObsRule { On = "raid", MinAmount = 10, Action = "scene", Scene = "Raid Welcome", Cooldown = TimeSpan.FromMinutes(5) }]);
        await ObsHarness.EventuallyAsync(() => obs.Connection.State == ObsState.Connected);

        obs.Automation.OnUpdate(Raid(3));                                      // too small a raid
        obs.Automation.OnUpdate(Raid(50));
        await fake.WaitUntilAsync(f => f.CurrentScene == "Raid Welcome", TimeSpan.FromSeconds(10));
        await fake.SetSceneForTestAsync("Main");

        obs.Automation.OnUpdate(Raid(80));                                     // within the cooldown: nothing
        obs.RuleTime.Advance(TimeSpan.FromMinutes(6));
        obs.Automation.OnUpdate(Raid(20));                                     // after it: switches again
        await fake.WaitUntilAsync(f => f.CurrentScene == "Raid Welcome", TimeSpan.FromSeconds(10));
        Assert.Equal(2, fake.RequestTypes.Count(t => t == "SetCurrentProgramScene"));
    }

    [Fact]
    public async Task Big_tips_show_a_source_and_a_poll_sets_a_text_source()
    {
        await using var fake = await FakeObsServer.StartAsync();
        fake.SceneItems[("Main", "Confetti")] = (7, false);
        await using var obs = new ObsHarness(fake, null,
        [
            new ObsRule { On = "alert", Kind = "tip", MinAmount = 5, Action = "showSource", Scene = "Main", Source = "Confetti", Seconds = 0.05 },
            new ObsRule { On = "poll", Action = "text", Source = "Poll Title", Text = "Vote: {question}" },
        ]);
        await ObsHarness.EventuallyAsync(() => obs.Connection.State == ObsState.Connected);

        obs.Automation.OnUpdate(new AlertAnnounced(new AlertPayload("tips:1", Platform.Tips, "tip", "Ann", 10m, "EUR", null, "gg", 0)));
        obs.Automation.OnUpdate(new PollChanged(new PollPayload("p1", "Next game?", [], "open", 0, 0, new Dictionary<string, int>())));

        await fake.WaitUntilAsync(f => f.Texts.TryGetValue("Poll Title", out var t) && t == "Vote: Next game?", TimeSpan.FromSeconds(10));
        // Shown, then hidden again after its seconds.
        await fake.WaitUntilAsync(f => f.RequestTypes.Count(t => t == "SetSceneItemEnabled") == 2, TimeSpan.FromSeconds(10));
        var toggles = fake.Requests.Where(r => (string?)r["requestType"] == "SetSceneItemEnabled")
            .Select(r => r["requestData"]!["sceneItemEnabled"]!.GetValue<bool>()).ToArray();
        Assert.Equal([true, false], toggles);
    }

    private static AlertAnnounced Raid(int viewers) =>
        new(new AlertPayload("twitch:raid-" + viewers, Platform.Twitch, "raid", "raider", null, null, viewers, null, 0));
}
