using LiveBuddy.Core.Polls;
using LiveBuddy.Twitch.Polls;

namespace LiveBuddy.Twitch.Tests.Polls;

public sealed class TwitchPollMirrorTests
{
    [Fact]
    public async Task Poll_is_mirrored_as_a_native_poll_when_the_broadcaster_is_signed_in()
    {
        await using var harness = await TwitchApiHarness.StartAsync(time: TimeProvider.System);
        harness.Auth.Login = "cool_user";
        harness.Auth.UserId = "1337";
        var mirror = harness.Get<TwitchPollMirror>();

        await mirror.MirrorAsync(new NativePollRequested("p1", "cool_user", "Which boss next?", ["Hornet", "Radiance"], TimeSpan.FromMinutes(2)));

        var request = harness.Helix.Requests.Single(r => r.Method == "POST" && r.Path.EndsWith("/polls", StringComparison.Ordinal));
        Assert.Equal("1337", request.Json!["broadcaster_id"]!.GetValue<string>());
        Assert.Equal("Which boss next?", request.Json["title"]!.GetValue<string>());
        Assert.Equal(2, request.Json["choices"]!.AsArray().Count);
        Assert.Equal(120, request.Json["duration"]!.GetValue<int>());
    }

    [Fact]
    public async Task Poll_in_someone_elses_channel_is_not_mirrored()
    {
        await using var harness = await TwitchApiHarness.StartAsync(time: TimeProvider.System);
        var mirror = harness.Get<TwitchPollMirror>();

        await mirror.MirrorAsync(new NativePollRequested("p1", "cool_user", "Which boss next?", ["Hornet", "Radiance"], TimeSpan.FromMinutes(2)));

        Assert.DoesNotContain(harness.Helix.Requests, r => r.Path.EndsWith("/polls", StringComparison.Ordinal));
        Assert.Equal(1, harness.Counters.Value("twitch.poll_mirror.not_broadcaster"));
    }
}
