using System.Net.Http.Json;
using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Testing.YouTube;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBuddy.Server.Tests.Raffles;

/// <summary>A raffle with 500 entrants on Twitch and YouTube, driven by raw chat through the real host.</summary>
public sealed class RaffleRawChatTests
{

    [Fact]
    public async Task Draws_only_entrants_never_twice_and_cancel_refunds_every_cost()
    {
        await using var chat = await BothPlatformsChat.StartAsync(new() { ["Points:PerActiveMinute"] = "10" });
        await using var hub = chat.Host.CreateOverlayConnection();
        var winners = new List<JsonElement>();
        hub.On<JsonElement>("raffle", r => { lock (winners) winners.Add(r.Clone()); });
        await hub.StartAsync();

        // 300 Twitch and 200 YouTube viewers chat in minute 0 (10 points each), and enter in minute 1 (10 more, 15 paid).
        var twitchIds = Enumerable.Range(1000, 300).ToArray();
        var youtubeIds = Enumerable.Range(0, 200).Select(i => "UC-v" + i).ToArray();
        await chat.SendTwitchAsync(twitchIds.Select(id => chat.TwitchLine("t" + id, id, "hi", chat.Start)));
        chat.YouTubeChat.AddPage(youtubeIds.Select(id => BothPlatformsChat.YouTubeLine("hi-" + id, new FakeYouTubeAuthor(id, id), "hi", chat.Start)).ToArray());
        await Wait.UntilAsync(async () => (await chat.TopAsync()).Count >= 100, TimeSpan.FromSeconds(30), "viewers earned");

        await chat.Client.SendAsync(chat.TwitchLine("mia", 1, "!raffle open !join", chat.Start, "moderator/1"));
        await chat.WaitForReplyAsync("can't be the keyword");
        await chat.Client.SendAsync(chat.TwitchLine("mia", 1, "!raffle open pickme cost=15", chat.Start, "moderator/1"));
        await chat.WaitForReplyAsync("A raffle is open");
        var at = chat.Start.AddMinutes(1);
        // Each entrant floods the keyword (thousands of lines with the chat around them); a viewer who never chatted
        // before cannot pay 15 with 10 points.
        await chat.SendTwitchAsync(twitchIds.SelectMany(id => Enumerable.Range(0, 4).Select(_ => chat.TwitchLine("t" + id, id, "pickme", at))
                .Append(chat.TwitchLine("t" + id, id, "pick me pls", at)).Append(chat.TwitchLine("t" + id, id, "!raffle draw", at)))
            .Append(chat.TwitchLine("newbie", 5, "pickme", at)));
        chat.YouTubeChat.AddPage(youtubeIds.SelectMany(id => Enumerable.Range(0, 3)
            .Select(n => BothPlatformsChat.YouTubeLine($"e{n}-{id}", new FakeYouTubeAuthor(id, id), n == 0 ? "!join" : "PICKME", at))).ToArray());

        using var http = chat.Host.CreateClient(admin: true);
        await Wait.UntilAsync(async () =>
            (await http.GetFromJsonAsync<JsonElement>("/api/raffles/current")).GetProperty("entrants").GetArrayLength() == 500,
            TimeSpan.FromSeconds(30), "500 entries, one per viewer per platform");
        await chat.WaitForReplyAsync("@newbie entry costs 15 points; you have 10");

        for (var n = 0; n < 25; n++)
            await chat.Client.SendAsync(chat.TwitchLine("mia", 1, "!raffle draw", at, "moderator/1"));
        await Wait.UntilAsync(() => { lock (winners) return winners.Count == 25; }, TimeSpan.FromSeconds(20), "25 winners pushed");
        var entrants = (await http.GetFromJsonAsync<JsonElement>("/api/raffles/current")).GetProperty("entrants").EnumerateArray()
            .Select(e => e.GetProperty("displayName").GetString()).ToHashSet();
        lock (winners)
        {
            var names = winners.Select(w => w.GetProperty("winner").GetString()).ToArray();
            Assert.Equal(25, names.Distinct().Count());
            Assert.All(names, n => Assert.Contains(n, entrants));
            Assert.Contains(winners, w => w.GetProperty("winnerPlatform").GetString() is "twitch" or "youtube");
        }
        var before = await chat.TopAsync();
        Assert.All(before.Values, b => Assert.True(b <= 20));

        await chat.Client.SendAsync(chat.TwitchLine("mia", 1, "!raffle cancel", at, "moderator/1"));
        // The announcement queues behind 25 winner announcements in the outbox (Twitch's send limit); the API answers in
        // order with chat, so the refunds are visible there at once.
        await Wait.UntilAsync(async () => (await chat.TopAsync()).GetValueOrDefault("twitch:1000") == 20, TimeSpan.FromSeconds(20), "refunded");
        var after = await chat.TopAsync();
        Assert.All(twitchIds.Select(id => "twitch:" + id).Concat(youtubeIds.Select(id => "youtube:" + id)), key => Assert.Equal(20, after[key]));
        Assert.Equal(20, after["twitch:1000"]);
        Assert.Equal(20, after["youtube:UC-v199"]);
        Assert.Equal(10, after["twitch:5"]);

        // The winners are stored with the session and in its report (JSON and HTML); the report of a live session reads
        // what storage has written so far.
        var raffle = default(JsonElement);
        await Wait.UntilAsync(async () =>
        {
            using var report = JsonDocument.Parse(await http.GetStringAsync("/api/sessions/latest/report.json"));
            // Storage may not have written the raffle yet: keep asking until it has.
            var raffles = report.RootElement.GetProperty("raffles").EnumerateArray().ToArray();
            if (raffles.Length != 1) return false;
            raffle = raffles[0].Clone();
            return raffle.GetProperty("status").GetString() == "cancelled";
        }, TimeSpan.FromSeconds(20), "the cancelled raffle in the report");
        Assert.Equal(("pickme", 15, "cancelled", 500), (raffle.GetProperty("keyword").GetString(), raffle.GetProperty("cost").GetInt32(),
            raffle.GetProperty("status").GetString(), raffle.GetProperty("entrants").GetInt32()));
        string[] drawn;
        lock (winners) drawn = winners.Select(w => w.GetProperty("winner").GetString()!).ToArray();
        Assert.Equal(drawn, raffle.GetProperty("winners").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
        var html = await http.GetStringAsync("/api/sessions/latest/report");
        Assert.Contains("<h2>Raffles</h2>", html, StringComparison.Ordinal);
        Assert.Contains($"<bdi>{drawn[0]}</bdi>", html, StringComparison.Ordinal);
    }
}
