using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Twitch;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>Channel points through the whole host: reward sync, a redemption over EventSub, the queue API, Twitch's answer.</summary>
public sealed class ChannelPointsHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string?> Hydrate() => new()
    {
        ["Twitch:Rewards:0:Title"] = "Hydrate!",
        ["Twitch:Rewards:0:Cost"] = "300",
        ["Twitch:Rewards:0:InputRequired"] = "true",
        ["Twitch:Rewards:0:Prompt"] = "Still or sparkling?",
    };

    private static async Task<JsonElement[]> WaitingAsync(HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/redemptions"));
        return [.. doc.RootElement.GetProperty("waiting").EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public async Task A_redemption_waits_in_the_queue_through_a_restart_and_fulfil_tells_Twitch_while_other_rewards_stay_alerts()
    {
        var (twitch, session) = await FakeTwitch.StartAsync(["channel:manage:redemptions"], Hydrate(), asStreamer: true);
        await using var _ = twitch;
        var helix = twitch.Helix;
        await Wait.UntilAsync(() => helix.Rewards.Any(r => r.ClientId == "fake-client-id"), Patience, "the reward created at start");
        var reward = helix.Rewards.Single(r => r.ClientId == "fake-client-id");
        Assert.Equal(("Hydrate!", 300L, true, "Still or sparkling?"), (reward.Title, reward.Cost, reward.IsUserInputRequired, reward.Prompt));
        var dashboard = helix.AddReward("1337", "Posture check", 200);
        await using var hub = twitch.Host.CreateOverlayConnection();
        var alerts = new List<JsonElement>();
        hub.On<JsonElement>("alert", a => { lock (alerts) alerts.Add(a.Clone()); });
        await hub.StartAsync();

        var redemption = helix.Redeem(reward.Id, "11", "ann", "sparkling");
        await session.SendNotificationAsync("channel.channel_points_custom_reward_redemption.add", "1",
            EventSubFrames.Redemption(redemption.Id, "11", "ann", "Hydrate!", "sparkling", rewardId: reward.Id, cost: 300));
        var other = helix.Redeem(dashboard.Id, "12", "bob");
        await session.SendNotificationAsync("channel.channel_points_custom_reward_redemption.add", "1",
            EventSubFrames.Redemption(other.Id, "12", "bob", "Posture check", null, rewardId: dashboard.Id, cost: 200));

        using var client = twitch.Host.CreateClient(admin: true);
        await Wait.UntilAsync(async () => (await WaitingAsync(client)).Length == 1, Patience, "the redemption in the queue");
        await Wait.UntilAsync(() => { lock (alerts) return alerts.Count == 1; }, Patience, "the other reward's alert");
        lock (alerts) Assert.Equal(("redemption", "bob"), (alerts[0].GetProperty("kind").GetString(), alerts[0].GetProperty("author").GetString()));

        // A restart keeps the queue (SQLite), and the new host still knows the reward is ours.
        session = await twitch.RestartAsync();
        using var after = twitch.Host.CreateClient(admin: true);
        var waiting = Assert.Single(await WaitingAsync(after));
        Assert.Equal((redemption.Id, "Hydrate!", "ann", "sparkling", "waiting"), (waiting.GetProperty("id").GetString(), waiting.GetProperty("reward").GetString(),
            waiting.GetProperty("viewer").GetString(), waiting.GetProperty("input").GetString(), waiting.GetProperty("status").GetString()));

        using var fulfil = await after.PostAsync($"/api/redemptions/{redemption.Id}/fulfil", null);
        Assert.Equal(HttpStatusCode.OK, fulfil.StatusCode);
        Assert.Equal("fulfilled", (await fulfil.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var patch = Assert.Single(helix.RedemptionUpdates);
        Assert.Equal((redemption.Id, "1337", reward.Id, """{"status":"FULFILLED"}"""), (patch["id"], patch["broadcaster_id"], patch["reward_id"], patch.Body));
        Assert.Equal("FULFILLED", helix.Redemption(redemption.Id)!.Status);
        Assert.Empty(await WaitingAsync(after));
        Assert.Equal("UNFULFILLED", helix.Redemption(other.Id)!.Status); // not ours: never touched
    }

    [Fact]
    public async Task Twitch_down_or_a_redemption_already_resolved_elsewhere_answers_clearly_and_the_queue_carries_on_and_follows_Twitch()
    {
        var (twitch, session) = await FakeTwitch.StartAsync(["channel:manage:redemptions"], Hydrate(), asStreamer: true);
        await using var _ = twitch;
        var helix = twitch.Helix;
        await Wait.UntilAsync(() => helix.Rewards.Any(r => r.ClientId == "fake-client-id"), Patience, "the reward created at start");
        var reward = helix.Rewards.Single(r => r.ClientId == "fake-client-id");
        var first = helix.Redeem(reward.Id, "11", "ann");
        var second = helix.Redeem(reward.Id, "12", "bob");
        foreach (var (r, login) in new[] { (first, "ann"), (second, "bob") })
            await session.SendNotificationAsync("channel.channel_points_custom_reward_redemption.add", "1",
                EventSubFrames.Redemption(r.Id, r.UserId, login, "Hydrate!", "x", rewardId: reward.Id, cost: 300));
        using var client = twitch.Host.CreateClient(admin: true);
        await Wait.UntilAsync(async () => (await WaitingAsync(client)).Length == 2, Patience, "both in the queue");

        // Twitch down: a clear problem, and the redemption is still waiting with it.
        helix.Enqueue("/helix/channel_points/custom_rewards/redemptions", new FakeHelixResponse(503, "Service Unavailable"));
        using var down = await client.PostAsync("/api/redemptions/oldest/refund", null);
        Assert.Equal(HttpStatusCode.BadRequest, down.StatusCode);
        Assert.Contains("Twitch is not answering right now (503: Service Unavailable)", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stillWaiting = (await WaitingAsync(client)).Single(w => w.GetProperty("id").GetString() == first.Id);
        Assert.Equal("waiting", stillWaiting.GetProperty("status").GetString());
        Assert.Contains("503", stillWaiting.GetProperty("problem").GetString(), StringComparison.Ordinal);

        // Refunded meanwhile on Twitch's own queue: Twitch answers 404, and it leaves ours.
        first.Status = "CANCELED";
        using var gone = await client.PostAsync("/api/redemptions/oldest/refund", null);
        Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        Assert.Equal([second.Id], (await WaitingAsync(client)).Select(w => w.GetProperty("id").GetString()));

        // Fulfilled on Twitch's own reward queue: Twitch says so (redemption.update) and it leaves ours, no button pressed.
        var patches = helix.RedemptionUpdates.Count;
        second.Status = "FULFILLED";
        await session.SendNotificationAsync("channel.channel_points_custom_reward_redemption.update", "1",
            EventSubFrames.Redemption(second.Id, second.UserId, "bob", "Hydrate!", "x", rewardId: reward.Id, cost: 300, status: "fulfilled"));
        await Wait.UntilAsync(async () => (await WaitingAsync(client)).Length == 0, Patience, "the redemption fulfilled on Twitch leaves the queue");
        Assert.Equal(patches, helix.RedemptionUpdates.Count);
        using var none = await client.PostAsync("/api/redemptions/oldest/fulfil", null);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("No redemptions are waiting.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
