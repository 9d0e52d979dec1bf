using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.ChannelPoints;
using LiveBuddy.Twitch.EventSub;

namespace LiveBuddy.Twitch.Tests.ChannelPoints;

/// <summary>The reward sync, Update Redemption Status and the redemption mapping, against the fake Helix and EventSub.</summary>
public sealed class ChannelPointsTests
{
    private const string Manage = "channel:manage:redemptions";

    private static Dictionary<string, string?> Rewards(params (string Title, long Cost)[] rewards)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < rewards.Length; i++)
        {
            settings[$"Twitch:Rewards:{i}:Title"] = rewards[i].Title;
            settings[$"Twitch:Rewards:{i}:Cost"] = rewards[i].Cost.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return settings;
    }

    /// <summary>Signed in as the streamer (cool_user, 1337) with <paramref name="scopes"/>.</summary>
    private static async Task<TwitchApiHarness> StreamerAsync(Dictionary<string, string?> extra, params string[] scopes)
    {
        var harness = await TwitchApiHarness.StartAsync(scopes: scopes, extra: extra);
        harness.Auth.UserId = "1337";
        harness.Auth.Login = "cool_user";
        return harness;
    }

    private static TwitchRewardSync Sync(TwitchApiHarness harness) => harness.Hosted<TwitchRewardSync>();

    [Fact]
    public async Task Sync_creates_missing_rewards_updates_changed_ones_and_leaves_other_rewards_alone()
    {
        var extra = Rewards(("Hydrate!", 300), ("Song request", 1000));
        extra["Twitch:Rewards:1:Prompt"] = "Which song?";
        extra["Twitch:Rewards:1:InputRequired"] = "true";
        extra["Twitch:Rewards:1:Cooldown"] = "00:05:00";
        await using var harness = await StreamerAsync(extra, Manage);
        var stale = harness.Helix.AddReward("1337", "hydrate!", 50, clientId: "fake-client-id"); // ours, from an older configuration
        var dashboard = harness.Helix.AddReward("1337", "Posture check", 200);

        await Sync(harness).SyncAsync(CancellationToken.None);

        var ours = harness.Helix.Rewards.Where(r => r.ClientId == "fake-client-id").ToList();
        Assert.Equal(2, ours.Count);
        var hydrate = ours.Single(r => r.Id == stale.Id);
        Assert.Equal(("Hydrate!", 300L), (hydrate.Title, hydrate.Cost));
        var song = ours.Single(r => r.Id != stale.Id);
        Assert.Equal(("Song request", 1000L, "Which song?", true, true, 300L),
            (song.Title, song.Cost, song.Prompt, song.IsUserInputRequired, song.IsGlobalCooldownEnabled, song.GlobalCooldownSeconds));
        Assert.Equal(("Posture check", 200L), (harness.Helix.Rewards.Single(r => r.Id == dashboard.Id).Title, harness.Helix.Rewards.Single(r => r.Id == dashboard.Id).Cost));
        var get = Assert.Single(harness.Helix.Requests, r => r.Method == "GET" && r.Path == "/helix/channel_points/custom_rewards");
        Assert.Equal(("1337", "true"), (get["broadcaster_id"], get["only_manageable_rewards"]));
        Assert.Single(harness.Helix.Requests, r => r.Method == "POST" && r.Path == "/helix/channel_points/custom_rewards");
        var patch = Assert.Single(harness.Helix.Requests, r => r.Method == "PATCH" && r.Path == "/helix/channel_points/custom_rewards");
        Assert.Equal(stale.Id, patch["id"]);
        var managed = harness.Get<ManagedRewards>();
        Assert.True(managed.Contains(stale.Id, "Hydrate!") && managed.Contains(song.Id, null));
        Assert.False(managed.Contains(dashboard.Id, "Posture check"));
        Assert.Equal((SourceState.Connected, "2 of 2 reward(s) ready on cool_user (1 created, 1 updated)"),
            (harness.Board.Get(TwitchRewardSync.StatusName)!.State, harness.Board.Get(TwitchRewardSync.StatusName)!.Detail));

        // A second start finds everything as configured: nothing is written.
        await Sync(harness).SyncAsync(CancellationToken.None);
        Assert.Equal(2, harness.Helix.Requests.Count(r => r.Method != "GET" && r.Path == "/helix/channel_points/custom_rewards"));
    }

    [Fact]
    public async Task A_title_taken_by_a_reward_LiveBuddy_did_not_create_is_reported_and_the_other_rewards_still_sync()
    {
        await using var harness = await StreamerAsync(Rewards(("Hydrate!", 300), ("Stretch", 500)), Manage);
        harness.Helix.AddReward("1337", "Hydrate!", 100); // made on the dashboard: not ours to change

        await Sync(harness).SyncAsync(CancellationToken.None);

        Assert.Single(harness.Helix.Rewards, r => r.ClientId == "fake-client-id" && r.Title == "Stretch");
        var status = harness.Board.Get(TwitchRewardSync.StatusName)!;
        Assert.Equal(SourceState.Failed, status.State);
        Assert.Contains("1 of 2 reward(s) ready", status.Detail, StringComparison.Ordinal);
        Assert.Contains("\"Hydrate!\": a reward with this title exists that LiveBuddy did not create", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_scope_and_a_bot_sign_in_are_refused_with_a_clear_status_and_no_crash()
    {
        // Signed in as the streamer but without channel:manage:redemptions.
        await using (var harness = await StreamerAsync(Rewards(("Hydrate!", 300))))
        {
            await Sync(harness).StartAsync(CancellationToken.None);
            await harness.WaitUntilAsync(() => harness.Board.Get(TwitchRewardSync.StatusName)?.State == SourceState.Failed, "the refusal");
            Assert.Equal("Twitch refused: Missing scope: channel:read:redemptions or channel:manage:redemptions. The sign-in lacks channel:manage:redemptions: sign in again (login twitch) to allow managing rewards",
                harness.Board.Get(TwitchRewardSync.StatusName)!.Detail);
            await Sync(harness).StopAsync(CancellationToken.None);
        }

        // Signed in as the bot account (livebuddy_bot, 900): the rewards belong to cool_user.
        await using (var harness = await TwitchApiHarness.StartAsync(scopes: [Manage], extra: Rewards(("Hydrate!", 300))))
        {
            await Sync(harness).StartAsync(CancellationToken.None);
            await harness.WaitUntilAsync(() => harness.Board.Get(TwitchRewardSync.StatusName)?.State == SourceState.Failed, "the refusal");
            Assert.Equal("Twitch refused: The ID in broadcaster_id must match the user ID found in the request's OAuth token.. Channel points need the streamer's own sign-in (cool_user); signed in as livebuddy_bot",
                harness.Board.Get(TwitchRewardSync.StatusName)!.Detail);
            Assert.Empty(harness.Helix.Rewards);
            await Sync(harness).StopAsync(CancellationToken.None);
        }
    }

    private static QueuedRedemption Queued(FakeRedemption redemption, FakeReward reward) => new()
    {
        RedemptionId = redemption.Id, RewardId = reward.Id, RewardTitle = reward.Title, Cost = reward.Cost, BroadcasterId = reward.BroadcasterId,
        Platform = Platform.Twitch, Channel = "cool_user", ViewerId = redemption.UserId, ViewerName = redemption.UserLogin,
    };

    [Fact]
    public async Task Fulfil_and_refund_patch_the_redemption_and_a_second_try_finds_it_gone()
    {
        await using var harness = await StreamerAsync([], Manage);
        var reward = harness.Helix.AddReward("1337", "Hydrate!", 300, clientId: "fake-client-id");
        var first = harness.Helix.Redeem(reward.Id, "11", "ann");
        var second = harness.Helix.Redeem(reward.Id, "12", "bob");
        var redemptions = harness.Get<TwitchRedemptions>();

        Assert.Equal((RedemptionOutcome.Done, null), await redemptions.ResolveAsync(Queued(first, reward), RedemptionAction.Fulfil, CancellationToken.None));
        Assert.Equal((RedemptionOutcome.Done, null), await redemptions.ResolveAsync(Queued(second, reward), RedemptionAction.Refund, CancellationToken.None));
        var again = await redemptions.ResolveAsync(Queued(first, reward), RedemptionAction.Refund, CancellationToken.None);

        Assert.Equal(("FULFILLED", "CANCELED"), (harness.Helix.Redemption(first.Id)!.Status, harness.Helix.Redemption(second.Id)!.Status));
        var patch = harness.Helix.RedemptionUpdates[0];
        Assert.Equal((first.Id, "1337", reward.Id), (patch["id"], patch["broadcaster_id"], patch["reward_id"]));
        Assert.Equal("""{"status":"FULFILLED"}""", patch.Body);
        Assert.Equal("""{"status":"CANCELED"}""", harness.Helix.RedemptionUpdates[1].Body);
        Assert.Equal(RedemptionOutcome.Gone, again.Outcome);
        Assert.Equal("Twitch: The redemptions specified using the id query parameter were not found or their statuses weren't marked as UNFULFILLED.", again.Problem);
    }

    [Fact]
    public async Task A_reward_not_ours_a_missing_scope_and_Twitch_down_fail_with_Twitchs_reason()
    {
        await using var harness = await StreamerAsync([], Manage);
        var dashboard = harness.Helix.AddReward("1337", "Posture check", 200);
        var ours = harness.Helix.AddReward("1337", "Hydrate!", 300, clientId: "fake-client-id");
        var redemptions = harness.Get<TwitchRedemptions>();

        var notOurs = await redemptions.ResolveAsync(Queued(harness.Helix.Redeem(dashboard.Id, "11", "ann"), dashboard), RedemptionAction.Fulfil, CancellationToken.None);
        harness.Helix.Enqueue("/helix/channel_points/custom_rewards/redemptions", new FakeHelixResponse(503, "Service Unavailable"));
        var down = await redemptions.ResolveAsync(Queued(harness.Helix.Redeem(ours.Id, "12", "bob"), ours), RedemptionAction.Fulfil, CancellationToken.None);
        harness.Auth.Scopes.Remove(Manage);
        var noScope = await redemptions.ResolveAsync(Queued(harness.Helix.Redeem(ours.Id, "13", "cy"), ours), RedemptionAction.Refund, CancellationToken.None);

        Assert.Equal((RedemptionOutcome.Failed, "Twitch refused (The ID in the Client-Id header must match the client ID used to create the custom reward.); only the streamer's own sign-in, through the app that created the reward, may change it"), notOurs);
        Assert.Equal((RedemptionOutcome.Failed, "Twitch is not answering right now (503: Service Unavailable); try again"), down);
        Assert.Equal(RedemptionOutcome.Failed, noScope.Outcome);
        Assert.StartsWith("Twitch refused (Missing scope: channel:manage:redemptions)", noScope.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redemption_of_a_managed_reward_reaches_the_pipeline_for_the_queue_and_any_other_stays_an_alert()
    {
        await using var harness = await StreamerAsync(Rewards(("Hydrate!", 300)), Manage);
        await Sync(harness).SyncAsync(CancellationToken.None);
        var ours = harness.Helix.Rewards.Single(r => r.ClientId == "fake-client-id");
        harness.StartEventSub();
        var session = await harness.EventSub.WaitForSessionAsync(1, TwitchApiHarness.Patience);
        await harness.WaitUntilAsync(() => harness.Board.Get(EventSubClient.StatusName)?.State == SourceState.Connected, "subscriptions");

        await session.SendNotificationAsync("channel.channel_points_custom_reward_redemption.add", "1",
            EventSubFrames.Redemption("r-1", "11", "ann", "Hydrate!", "sparkling please", rewardId: ours.Id, cost: 300));
        await session.SendNotificationAsync("channel.channel_points_custom_reward_redemption.add", "1",
            EventSubFrames.Redemption("r-2", "12", "bob", "Posture check", null, rewardId: "dashboard-reward"));
        await harness.WaitUntilAsync(() => harness.Events.Of<RewardRedeemed>().Count == 1 && harness.Events.Of<Alert>().Count == 1, "the redemption and the alert");

        var redeemed = harness.Events.Of<RewardRedeemed>().Single();
        Assert.Equal(("r-1", ours.Id, "Hydrate!", 300L, "1337", "ann", "sparkling please", "cool_user"),
            (redeemed.RedemptionId, redeemed.RewardId, redeemed.RewardTitle, redeemed.Cost, redeemed.BroadcasterId, redeemed.Viewer.Name, redeemed.Input, redeemed.Channel));
        var alert = harness.Events.Of<Alert>().Single();
        Assert.Equal((AlertKind.Redemption, "Posture check"), (alert.Kind, alert.SystemText));

        // Resolved on Twitch itself: ours goes to the queue to leave it; the other reward's is no second alert.
        Assert.Contains(harness.Helix.SubscriptionRequests, r => r.Json!["type"]!.GetValue<string>() == "channel.channel_points_custom_reward_redemption.update");
        var unused = harness.Counters.Value("twitch.eventsub.known_unused");
        await session.SendNotificationAsync("channel.channel_points_custom_reward_redemption.update", "1",
            EventSubFrames.Redemption("r-1", "11", "ann", "Hydrate!", "sparkling please", rewardId: ours.Id, cost: 300, status: "canceled"));
        await session.SendNotificationAsync("channel.channel_points_custom_reward_redemption.update", "1",
            EventSubFrames.Redemption("r-2", "12", "bob", "Posture check", null, rewardId: "dashboard-reward", status: "fulfilled"));
        await harness.WaitUntilAsync(() => harness.Events.Of<RedemptionResolvedOnTwitch>().Count == 1 && harness.Counters.Value("twitch.eventsub.known_unused") == unused + 1,
            "the update of ours, and the other counted");
        var resolved = harness.Events.Of<RedemptionResolvedOnTwitch>().Single();
        Assert.Equal(("r-1", RedemptionAction.Refund, "cool_user"), (resolved.RedemptionId, resolved.Action, resolved.Channel));
        Assert.Single(harness.Events.Of<Alert>());
    }
}
