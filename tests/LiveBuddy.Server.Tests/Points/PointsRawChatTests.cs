using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Testing.YouTube;
using SQLite;

namespace LiveBuddy.Server.Tests.Points;

/// <summary>Points, quotes and counters driven by raw Twitch and YouTube chat through the real host, across a restart.</summary>
public sealed class PointsRawChatTests
{

    private static readonly FakeYouTubeAuthor Yara = new("UC-yara", "Yara", Member: true);
    private static readonly FakeYouTubeAuthor Yusuf = new("UC-yusuf", "Yusuf");

    [Fact]
    public async Task Balances_are_exact_after_1000_activity_minutes_with_a_restart_in_the_middle()
    {
        await using var chat = await BothPlatformsChat.StartAsync(new() { ["Points:PerActiveMinute"] = "10", ["Points:SubscriberMultiplier"] = "2" });

        // Minutes 0..499 before the restart, 500..999 after. ann chats twice a minute; sub (a Twitch subscriber) every
        // other minute; Yara (a YouTube member) every minute; Yusuf every third minute.
        await FeedAsync(chat, 0, 500);
        var half = Expected(500);
        await Wait.UntilAsync(async () => Matches(await chat.TopAsync(), half), TimeSpan.FromSeconds(60), "the first 500 minutes are paid");

        await chat.Client.SendAsync(chat.TwitchLine("mia", 1, "!quote add I never miss a jump", chat.Start.AddMinutes(500), "moderator/1"));
        await chat.Client.SendAsync(chat.TwitchLine("mia", 1, "!count deaths + 41", chat.Start.AddMinutes(500), "moderator/1"));
        await chat.Client.SendAsync(chat.TwitchLine("mia", 1, "!cmd add deaths {count:deaths} deaths so far", chat.Start.AddMinutes(500), "moderator/1"));
        await chat.WaitForReplyAsync("Added !deaths");

        await chat.Host.StopAsync();
        await chat.StartHostAsync(new() { ["Points:PerActiveMinute"] = "10", ["Points:SubscriberMultiplier"] = "2" });
        // Twitch delivers the last ten minutes again (same ids and send times), as after a reconnect; the YouTube reader
        // reads every page since its history page once more.
        await FeedAsync(chat, 490, 510, youtube: false, repeat: true);
        await FeedAsync(chat, 500, 1000);

        var all = Expected(1000);
        await Wait.UntilAsync(async () => Matches(await chat.TopAsync(), all), TimeSpan.FromSeconds(60), "all 1,000 minutes are paid once");
        Assert.Equal(10_000, all["twitch:101"]);

        // Within ann's last minute, which is paid already: asking earns nothing more.
        await chat.Client.SendAsync(chat.TwitchLine("ann", 101, "!points", chat.Start.AddMinutes(999).AddSeconds(55)));
        Assert.Contains(":@ann has 10,000 points (rank 2)", await chat.WaitForReplyAsync("@ann has"), StringComparison.Ordinal);
        await chat.Client.SendAsync(chat.TwitchLine("bob", 103, "!quote 1", chat.Start.AddMinutes(1000)));
        Assert.Contains("#1: \"I never miss a jump\" (", await chat.WaitForReplyAsync("#1:"), StringComparison.Ordinal);
        await chat.Client.SendAsync(chat.TwitchLine("bob", 103, "!deaths", chat.Start.AddMinutes(1000)));
        await chat.WaitForReplyAsync("41 deaths so far");

        await chat.Host.StopAsync();
        using var db = new SQLiteConnection(new SQLiteConnectionString(Path.Combine(chat.DataPath, "livebuddy.db"), SQLiteOpenFlags.ReadOnly, storeDateTimeAsTicks: true));
        var stored = db.Query<BalanceRow>("SELECT ViewerKey, Balance FROM points_balances").ToDictionary(r => r.ViewerKey, r => r.Balance);
        Assert.True(Matches(stored, all), string.Join(", ", stored.Select(s => $"{s.Key}={s.Value}")));
    }

    private sealed class BalanceRow
    {
        public string ViewerKey { get; set; } = "";
        public long Balance { get; set; }
    }

    private static Dictionary<string, long> Expected(int minutes) => new()
    {
        ["twitch:101"] = 10L * minutes,
        ["twitch:102"] = 20L * ((minutes + 1) / 2),
        ["youtube:UC-yara"] = 20L * minutes,
        ["youtube:UC-yusuf"] = 10L * ((minutes + 2) / 3),
    };

    private static bool Matches(Dictionary<string, long> actual, Dictionary<string, long> expected) =>
        expected.All(e => actual.GetValueOrDefault(e.Key) == e.Value);

    private static async Task FeedAsync(BothPlatformsChat chat, int from, int to, bool youtube = true, bool repeat = false)
    {
        var lines = new List<string>();
        var items = new List<System.Text.Json.Nodes.JsonObject>();
        for (var m = from; m < to; m++)
        {
            var at = chat.Start.AddMinutes(m);
            lines.Add(chat.TwitchLine("ann", 101, "hello chat", at.AddSeconds(5), id: $"ann-{m}-a"));
            lines.Add(chat.TwitchLine("ann", 101, "still here", at.AddSeconds(50), id: $"ann-{m}-b"));
            if (m % 2 == 0) lines.Add(chat.TwitchLine("sub", 102, "gg", at.AddSeconds(20), "subscriber/12", id: $"sub-{m}"));
            if (m % 7 == 0 && !repeat) lines.Add(chat.TwitchLine("bob", 103, "-50 points please", at.AddSeconds(30), id: $"bob-{m}"));
            items.Add(BothPlatformsChat.YouTubeLine($"yara-{m}", Yara, "hi from youtube", at.AddSeconds(10)));
            if (m % 3 == 0) items.Add(BothPlatformsChat.YouTubeLine($"yusuf-{m}", Yusuf, "lurking", at.AddSeconds(40)));
        }
        await chat.SendTwitchAsync(lines);
        if (youtube)
            foreach (var page in items.Chunk(400)) chat.YouTubeChat.AddPage(page);
    }
}
