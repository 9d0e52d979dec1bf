using System.Text.Json;
using System.Text.Json.Nodes;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Twitch;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>A hype train from Twitch's EventSub socket to the alerts overlay and the report, through the whole host.</summary>
public sealed class HypeTrainHostTests
{
    private static JsonArray Top(long lead) =>
    [
        EventSubFrames.HypeTrainContribution("21", "big_cheerer", "bits", lead),
        EventSubFrames.HypeTrainContribution("22", "gifter", "subscription", 1000),
    ];

    [Fact]
    public async Task Begin_progress_and_end_reach_the_overlay_as_alerts_and_a_live_bar_and_the_report_keeps_the_train()
    {
        var (twitch, session) = await FakeTwitch.StartAsync();
        await using var _ = twitch;
        await using var hub = twitch.Host.CreateOverlayConnection();
        var trains = new List<JsonElement>();
        var alerts = new List<JsonElement>();
        hub.On<JsonElement>("hypeTrain", t => { lock (trains) trains.Add(t.Clone()); });
        hub.On<JsonElement>("alert", a => { lock (alerts) alerts.Add(a.Clone()); });
        await hub.StartAsync();

        await session.SendNotificationAsync("stream.online", "1", EventSubFrames.StreamOnline("stream-1"));
        await session.SendNotificationAsync("channel.hype_train.begin", "2", EventSubFrames.HypeTrainBegin("train-7", 1, 1500, 1500, 1600, Top(500), type: "golden_kappa"));
        await session.SendNotificationAsync("channel.hype_train.progress", "2", EventSubFrames.HypeTrainProgress("train-7", 2, 2400, 800, 1800, Top(1400), type: "golden_kappa"));
        await session.SendNotificationAsync("channel.hype_train.end", "2", EventSubFrames.HypeTrainEnd("train-7", 2, 2400, Top(1400), type: "golden_kappa"));

        await Wait.UntilAsync(() => { lock (alerts) return alerts.Count == 2; }, TimeSpan.FromSeconds(20), "begin and end alerts");
        await Wait.UntilAsync(() => { lock (trains) return trains.Any(t => t.GetProperty("phase").GetString() == "end"); }, TimeSpan.FromSeconds(20), "the end on the bar");
        lock (alerts)
        {
            Assert.All(alerts, a => Assert.Equal("hypeTrain", a.GetProperty("kind").GetString()));
            Assert.Equal(["begin", "end"], alerts.Select(a => a.GetProperty("hypeTrain").GetProperty("phase").GetString()));
            var end = alerts[1].GetProperty("hypeTrain");
            Assert.Equal(2400, end.GetProperty("total").GetInt64());
            Assert.Equal("big_cheerer", end.GetProperty("topContributors")[0].GetProperty("name").GetString());
        }
        lock (trains)
        {
            var progress = trains.Single(t => t.GetProperty("phase").GetString() == "progress");
            Assert.Equal((2, 44, "golden_kappa"), (progress.GetProperty("level").GetInt32(), progress.GetProperty("percent").GetInt32(), progress.GetProperty("type").GetString()));
        }

        using var client = twitch.Host.CreateClient(admin: true);
        JsonElement hype = default;
        await Wait.UntilAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/sessions/latest/report.json"));
            hype = doc.RootElement.GetProperty("hypeTrains").Clone();
            return hype.GetProperty("count").GetInt32() == 1 && hype.GetProperty("trains")[0].GetProperty("endedAt").ValueKind != JsonValueKind.Null;
        }, TimeSpan.FromSeconds(20), "the train in the report");
        Assert.Equal((2, 2400L), (hype.GetProperty("highestLevel").GetInt32(), hype.GetProperty("totalPoints").GetInt64()));
        var train = hype.GetProperty("trains")[0];
        Assert.Equal("golden_kappa", train.GetProperty("type").GetString());
        Assert.Equal(["big_cheerer", "gifter"], train.GetProperty("topContributors").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var html = await client.GetStringAsync("/api/sessions/latest/report");
        Assert.Contains("Hype trains", html, StringComparison.Ordinal);
        Assert.Contains("golden kappa", html, StringComparison.Ordinal);
    }
}
