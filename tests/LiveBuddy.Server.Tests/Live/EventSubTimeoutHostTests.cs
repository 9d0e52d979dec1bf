using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Storage.Moderation;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.Auth;
using SQLite;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>A timeout over EventSub chat through the whole host: stored once, as a timeout with its length, not as a ban.</summary>
public sealed class EventSubTimeoutHostTests
{
    [Fact]
    public async Task A_timeout_over_eventsub_chat_is_stored_once_as_a_timeout_with_its_length()
    {
        var (twitch, session) = await FakeTwitch.StartAsync(TwitchScopes.Requested, asStreamer: true);
        await using var _ = twitch;
        using var http = twitch.Host.CreateClient();
        await Wait.UntilAsync(async () => await TimeoutsStateAsync(http) == "connected", TimeSpan.FromSeconds(30), "channel.moderate subscribed");

        // One "/timeout rude_viewer 600": Twitch sends the chat clear and the moderation action, in either order.
        await session.SendNotificationAsync("channel.moderate", "2",
            EventSubFrames.ModerateTimeout("4242", "rude_viewer", DateTimeOffset.UtcNow.AddSeconds(600), "calm down"));
        await session.SendNotificationAsync("channel.chat.clear_user_messages", "1", EventSubFrames.ClearUserMessages("4242", "rude_viewer"));
        await Wait.UntilAsync(() => twitch.Host.Counters.Value("twitch.eventsub.folded_clears") == 1, TimeSpan.FromSeconds(30), "the clear folded");
        await twitch.Host.StopAsync(); // storage flushes

        using var db = new SQLiteConnection(new SQLiteConnectionString(Path.Combine(twitch.Host.DataPath, "livebuddy.db"), SQLiteOpenFlags.ReadOnly, storeDateTimeAsTicks: true));
        var stored = Assert.Single(db.Query<ModerationRow>("SELECT * FROM moderation_actions"));
        Assert.Equal(("timeout", 600, "rude_viewer", "calm down"), (stored.Kind, stored.DurationSeconds, stored.TargetName, stored.Reason));
    }

    private static async Task<string?> TimeoutsStateAsync(HttpClient http)
    {
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        return health.RootElement.GetProperty("sources").EnumerateArray()
            .FirstOrDefault(s => s.GetProperty("name").GetString() == "twitch-timeouts") is { ValueKind: JsonValueKind.Object } source
            ? source.GetProperty("state").GetString() : null;
    }
}
