using LiveBuddy.Twitch.Helix;
using LiveBuddy.Twitch.Shoutouts;

namespace LiveBuddy.Twitch.Tests.Shoutouts;

/// <summary>Shoutouts against the fake Helix: the answer comes from Get Users and Get Channel Information, and the native shoutout keeps Twitch's limits.</summary>
public sealed class TwitchShoutoutsTests
{
    private static async Task<TwitchApiHarness> StartAsync(bool live = true)
    {
        var harness = await TwitchApiHarness.StartAsync();
        harness.Helix.Time = harness.Time;
        harness.Helix.AddUser("5150", "friendly_streamer", "Friendly_Streamer");
        harness.Helix.SetChannel("friendly_streamer", "509670", "Science & Technology", "Building a chat bot");
        harness.Helix.AddUser("6160", "second_friend", "Second_Friend");
        harness.Helix.SetChannel("second_friend", "33214", "Fortnite", "squads");
        harness.Helix.AddUser("7170", "brand_new");
        if (live) harness.Helix.SetLive("cool_user", "stream-1", 25);
        return harness;
    }

    private static int Sent(TwitchApiHarness harness) => harness.Helix.Requests.Count(r => r.Path == "/helix/chat/shoutouts");

    [Fact]
    public async Task The_answer_names_the_channel_and_its_last_category_and_the_native_shoutout_goes_out()
    {
        await using var harness = await StartAsync();

        var outcome = await harness.Get<TwitchShoutouts>().ShoutOutAsync("cool_user", "Friendly_Streamer", CancellationToken.None);

        Assert.Equal("Go show some love to Friendly_Streamer! They were last streaming Science & Technology: https://twitch.tv/friendly_streamer", outcome.Reply);
        Assert.Equal("sent", outcome.Native);
        var native = Assert.Single(harness.Helix.Shoutouts);
        Assert.Equal(("1337", "5150", "900"), (native["from_broadcaster_id"], native["to_broadcaster_id"], native["moderator_id"]));
        var lookup = harness.Helix.Requests.Single(r => r.Path == "/helix/channels");
        Assert.Equal(["5150"], lookup.Query["broadcaster_id"]);
    }

    [Fact]
    public async Task Within_two_minutes_or_an_hour_for_the_same_channel_no_native_shoutout_is_even_asked_for()
    {
        await using var harness = await StartAsync();
        var shoutouts = harness.Get<TwitchShoutouts>();

        Assert.Equal("sent", (await shoutouts.ShoutOutAsync("cool_user", "friendly_streamer", CancellationToken.None)).Native);
        harness.FakeTime!.Advance(TimeSpan.FromSeconds(90));
        var tooSoon = await shoutouts.ShoutOutAsync("cool_user", "second_friend", CancellationToken.None);
        Assert.Equal(("cooldown", "Twitch allows one native shoutout every 2 minutes; the next in 30s."), (tooSoon.Native, tooSoon.Detail));
        Assert.StartsWith("Go show some love to Second_Friend! They were last streaming Fortnite", tooSoon.Reply, StringComparison.Ordinal);
        Assert.Equal(1, Sent(harness));

        harness.FakeTime.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("sent", (await shoutouts.ShoutOutAsync("cool_user", "second_friend", CancellationToken.None)).Native);
        harness.FakeTime.Advance(TimeSpan.FromMinutes(3));
        var again = await shoutouts.ShoutOutAsync("cool_user", "friendly_streamer", CancellationToken.None);
        Assert.Equal("cooldown", again.Native);
        Assert.Contains("less than an hour ago", again.Detail, StringComparison.Ordinal);
        Assert.Equal(2, Sent(harness));

        harness.FakeTime.Advance(TimeSpan.FromMinutes(60));
        Assert.Equal("sent", (await shoutouts.ShoutOutAsync("cool_user", "friendly_streamer", CancellationToken.None)).Native);
        Assert.Equal(3, harness.Helix.Shoutouts.Count);
    }

    [Fact]
    public async Task A_shoutout_sent_elsewhere_makes_Twitch_answer_429_once_and_LiveBuddy_waits_it_out()
    {
        await using var harness = await StartAsync();
        // The streamer gave a shoutout from the dashboard a minute ago: Twitch counts it, LiveBuddy did not see it.
        await harness.Get<HelixClient>().SendShoutoutAsync("1337", "7170", CancellationToken.None);
        harness.FakeTime!.Advance(TimeSpan.FromMinutes(1));
        var shoutouts = harness.Get<TwitchShoutouts>();

        var refused = await shoutouts.ShoutOutAsync("cool_user", "friendly_streamer", CancellationToken.None);

        Assert.Equal(("cooldown", "The broadcaster exceeded the number of Shoutouts they may send within a given window. See the endpoint's Rate Limits."),
            (refused.Native, refused.Detail));
        Assert.NotNull(refused.Reply);
        Assert.Equal(2, Sent(harness)); // the 429 was not retried: the bucket still had room
        var next = await shoutouts.ShoutOutAsync("cool_user", "second_friend", CancellationToken.None);
        Assert.Equal("cooldown", next.Native);
        Assert.Equal(2, Sent(harness));
    }

    [Fact]
    public async Task Offline_unknown_and_never_streamed_channels_are_answered_plainly()
    {
        await using var harness = await StartAsync(live: false);
        var shoutouts = harness.Get<TwitchShoutouts>();

        var offline = await shoutouts.ShoutOutAsync("cool_user", "brand_new", CancellationToken.None);
        Assert.Equal("Go show some love to brand_new: https://twitch.tv/brand_new", offline.Reply);
        Assert.Equal(("not-live", "The broadcaster is not streaming live or does not have one or more viewers."), (offline.Native, offline.Detail));

        var unknown = await shoutouts.ShoutOutAsync("cool_user", "nobody_here", CancellationToken.None);
        Assert.Equal("I can't find a Twitch channel called nobody_here.", unknown.Reply);
        Assert.Null(unknown.Native);
        Assert.Empty(harness.Helix.Shoutouts);
    }
}
