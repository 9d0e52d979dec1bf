using System.Net.Http.Json;
using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Twitch.Points;
using Microsoft.Extensions.DependencyInjection;
using SQLite;

namespace LiveBuddy.Server.Tests.Points;

/// <summary>Presence points through the whole host, with Twitch's Get Chatters from the fake Helix.</summary>
public sealed class PresencePointsHostTests
{
    [Fact]
    public async Task Viewers_in_Twitch_chat_earn_once_per_minute_however_often_asked_and_a_refusal_shows_where_the_control_page_reads_it()
    {
        var (twitch, _) = await FakeTwitch.StartAsync(scopes: [TwitchPresence.Scope],
            extra: new Dictionary<string, string?> { ["Points:PerPresenceMinute"] = "5", ["Points:PresenceInterval"] = "00:00:00.2" });
        await using var _ = twitch;
        var helix = twitch.Helix;
        helix.SetChatters("1337", [("501", "lurker_a", "Lurker_A"), ("502", "lurker_b", "Lurker_B"), ("900", "livebuddy_bot", "LiveBuddy_Bot")]);
        using var http = twitch.Host.CreateClient(admin: true);
        var now = twitch.Host.Services.GetRequiredService<TimeProvider>().GetUtcNow(); // the host's clock stamps what it receives
        await twitch.Host.Ingress.PublishAsync(new StreamOnline
        {
            Platform = Platform.Twitch, Id = "online-1", Channel = FakeTwitch.Channel, SentAt = now, ReceivedAt = now, Title = "Live",
        });

        // The bot is not a moderator yet: /healthz (the control page's sources list) says so, and chat goes on.
        await Wait.UntilAsync(async () => (await PresenceStatusAsync(http))?.Contains("not a moderator", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30), "the refusal is shown");
        Assert.Equal("disabled", (await PresenceStateAsync(http)));
        Assert.Empty(await TopAsync(http));

        // Modded: the next rounds read the list, every 0.2 s; each minute pays once.
        helix.AddModerator("1337", "900");
        await Wait.UntilAsync(async () => (await TopAsync(http)).ContainsKey("twitch:501"), TimeSpan.FromSeconds(30), "presence paid");
        var asked = helix.ChattersRequests.Count;
        await Wait.UntilAsync(() => helix.ChattersRequests.Count >= asked + 5, TimeSpan.FromSeconds(30), "five more rounds");
        var top = await TopAsync(http);
        Assert.Equal("connected", await PresenceStateAsync(http));
        Assert.False(top.ContainsKey("twitch:900"), "the bot earns nothing");

        await twitch.Host.StopAsync();
        using var db = new SQLiteConnection(new SQLiteConnectionString(Path.Combine(twitch.Host.DataPath, "livebuddy.db"), SQLiteOpenFlags.ReadOnly, storeDateTimeAsTicks: true));
        foreach (var key in new[] { "twitch:501", "twitch:502" })
        {
            var minutes = db.ExecuteScalar<long>("SELECT COUNT(*) FROM points_awards WHERE ViewerKey = ? AND Kind = 'presence'", key);
            Assert.InRange(minutes, 1, 2); // a few seconds of polling span one or two minutes
            Assert.Equal(5 * minutes, top[key]);
            Assert.Equal(5 * minutes, db.ExecuteScalar<long>("SELECT Balance FROM points_balances WHERE ViewerKey = ?", key));
        }
    }

    private static async Task<Dictionary<string, long>> TopAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/points/top?count=100")).EnumerateArray()
        .ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("balance").GetInt64());

    private static async Task<JsonElement?> PresenceSourceAsync(HttpClient http)
    {
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        foreach (var source in health.RootElement.GetProperty("sources").EnumerateArray())
            if (source.GetProperty("name").GetString() == TwitchPresence.StatusName) return source.Clone();
        return null;
    }

    private static async Task<string?> PresenceStatusAsync(HttpClient http) => (await PresenceSourceAsync(http))?.GetProperty("detail").GetString();

    private static async Task<string?> PresenceStateAsync(HttpClient http) => (await PresenceSourceAsync(http))?.GetProperty("state").GetString();
}
