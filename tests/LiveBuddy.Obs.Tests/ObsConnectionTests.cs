using LiveBuddy.Core.Sessions;
using LiveBuddy.Obs.Connection;
using LiveBuddy.Obs.Rules;
using LiveBuddy.Testing.Obs;

namespace LiveBuddy.Obs.Tests;

public sealed class ObsConnectionTests
{
    private const string Password = "hunter2-obs-secret";

    [Fact]
    public async Task Right_password_identifies_with_the_challenge()
    {
        await using var fake = await FakeObsServer.StartAsync(Password);
        await using var obs = new ObsHarness(fake, Password);

        await ObsHarness.EventuallyAsync(() => obs.Connection.State == ObsState.Connected);

        Assert.Equal(1, fake.Identified);
        Assert.Equal(0, fake.Refused);
        await fake.WaitUntilAsync(f => f.RequestTypes.Contains("GetReplayBufferStatus"), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_reported_without_the_password()
    {
        await using var fake = await FakeObsServer.StartAsync(Password);
        await using var obs = new ObsHarness(fake, "not-the-password-xyz");

        await ObsHarness.EventuallyAsync(() => obs.Connection.State == ObsState.AuthenticationFailed && fake.Refused >= 2);

        Assert.Equal(0, fake.Identified);
        Assert.Contains("refused the password", obs.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-xyz", obs.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, obs.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Obs_not_running_yet_is_connected_to_once_it_starts()
    {
        var fake = await FakeObsServer.StartAsync(Password);
        await fake.StopAsync();
        await using (fake)
        await using (var obs = new ObsHarness(fake, Password))
        {
            await ObsHarness.EventuallyAsync(() => obs.Connection.State == ObsState.Reconnecting);
            await fake.StartAgainAsync();
            await ObsHarness.EventuallyAsync(() => obs.Connection.State == ObsState.Connected);
            Assert.Equal(1, fake.Identified);
        }
    }

    [Fact]
    public async Task Obs_closed_and_reopened_mid_stream_reconnects_and_loses_nothing()
    {
        await using var fake = await FakeObsServer.StartAsync(Password);
        fake.StreamActive = true;
        await using var obs = new ObsHarness(fake, Password,
            [new ObsRule { On = "command", Command = "brb", Action = "scene", Scene = "Be Right Back", Cooldown = TimeSpan.Zero }]);
        await ObsHarness.EventuallyAsync(() => obs.LiveChanges.Count == 1);

        await fake.StopAsync();                                   // OBS crashes mid-stream
        await ObsHarness.EventuallyAsync(() => obs.Connection.State == ObsState.Reconnecting);
        obs.Automation.OnEvent(Chat.From("mod", "!brb", moderator: true), null); // a rule fires while OBS is away
        await fake.StartAgainAsync();                             // and comes back, still streaming

        await ObsHarness.EventuallyAsync(() => obs.Connection.Connections == 2);
        await fake.WaitUntilAsync(f => f.CurrentScene == "Be Right Back", TimeSpan.FromSeconds(10));
        var change = Assert.Single(obs.LiveChanges);              // live once; the crash did not end the session
        Assert.True(change.Live);
        Assert.True(obs.Connection.StreamActive);
    }

    [Fact]
    public async Task Stream_start_and_stop_in_obs_start_and_end_the_session()
    {
        await using var fake = await FakeObsServer.StartAsync();
        await using var obs = new ObsHarness(fake, null);
        await ObsHarness.EventuallyAsync(() => obs.Connection.State == ObsState.Connected);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var sessions = new SessionTracker(time, new SessionRules());
        var updates = new List<Core.Pipeline.LiveUpdate>();

        await fake.SetStreamingAsync(true);
        await ObsHarness.EventuallyAsync(() => obs.LiveChanges.Count == 1);
        sessions.Observe(obs.LiveChanges.ToArray()[0], updates);
        Assert.IsType<SessionStarted>(Assert.Single(updates));

        time.Advance(TimeSpan.FromHours(1)); // an hour with no chat at all: OBS is still streaming, the session goes on
        sessions.Observe(new Core.Pipeline.Tick(), updates);
        Assert.NotNull(sessions.Current);

        await fake.SetStreamingAsync(false);
        await ObsHarness.EventuallyAsync(() => obs.LiveChanges.Count == 2);
        sessions.Observe(obs.LiveChanges.ToArray()[1], updates);
        var ended = Assert.IsType<SessionEnded>(updates[^1]);
        Assert.Equal("obs stopped streaming", ended.Reason);
    }
}
