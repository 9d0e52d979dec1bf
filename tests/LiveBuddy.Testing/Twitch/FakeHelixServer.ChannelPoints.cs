using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LiveBuddy.Testing.Twitch;

/// <summary>A custom reward the fake keeps: who created it (<see cref="ClientId"/>) decides who may change it.</summary>
public sealed record FakeReward(string Id, string BroadcasterId, string ClientId)
{
    public string Title { get; set; } = "";
    public string Prompt { get; set; } = "";
    public long Cost { get; set; }
    public bool IsEnabled { get; set; } = true;
    public bool IsUserInputRequired { get; set; }
    public bool IsGlobalCooldownEnabled { get; set; }
    public long GlobalCooldownSeconds { get; set; }
    public bool IsPaused { get; set; }
}

/// <summary>A redemption of a reward: <c>UNFULFILLED</c> until updated.</summary>
public sealed record FakeRedemption(string Id, string RewardId, string BroadcasterId, string UserId, string UserLogin, string Input, DateTimeOffset RedeemedAt)
{
    public string Status { get; set; } = "UNFULFILLED";
}

// Channel points, written from Twitch's API reference (dev.twitch.tv/docs/api/reference): Get Custom Reward, Create Custom
// Rewards, Update Custom Reward and Update Redemption Status, each with its documented refusals. Error bodies use Twitch's
// shape {"error","status","message"}; where the reference names a refusal without its text, the message is the one Twitch
// sends (e.g. "Missing scope: …", CREATE_CUSTOM_REWARD_DUPLICATE_REWARD).
public sealed partial class FakeHelixServer
{
    private const string NotOurs = "The ID in the Client-Id header must match the client ID used to create the custom reward.";
    private const string WrongBroadcaster = "The ID in broadcaster_id must match the user ID found in the request's OAuth token.";

    private readonly ConcurrentDictionary<string, FakeReward> _rewards = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeRedemption> _redemptions = new(StringComparer.Ordinal);
    private readonly Lock _rewardLock = new();

    /// <summary>When true, every channel-points call answers 403 "The broadcaster is not a partner or affiliate."</summary>
    public bool NotAffiliate { get; set; }

    public IReadOnlyList<FakeReward> Rewards => _rewards.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    public FakeRedemption? Redemption(string id) => _redemptions.GetValueOrDefault(id);

    /// <summary>The Update Redemption Status requests, in order.</summary>
    public IReadOnlyList<FakeHelixRequest> RedemptionUpdates =>
        _requests.Where(r => r.Method == "PATCH" && r.Path == "/helix/channel_points/custom_rewards/redemptions").ToArray();

    /// <summary>A reward someone already made on the channel (by default from the Twitch dashboard, so not ours to change).</summary>
    public FakeReward AddReward(string broadcasterId, string title, long cost, string clientId = "twitch-dashboard")
    {
        var reward = new FakeReward(Guid.NewGuid().ToString(), broadcasterId, clientId) { Title = title, Cost = cost };
        _rewards[reward.Id] = reward;
        return reward;
    }

    /// <summary>A viewer redeems <paramref name="rewardId"/>: the redemption waits UNFULFILLED (its EventSub frame is the test's to send).</summary>
    public FakeRedemption Redeem(string rewardId, string userId, string login, string input = "")
    {
        var reward = _rewards[rewardId];
        var redemption = new FakeRedemption(Guid.NewGuid().ToString(), rewardId, reward.BroadcasterId, userId, login, input, DateTimeOffset.UtcNow);
        _redemptions[redemption.Id] = redemption;
        return redemption;
    }

    private async Task ChannelPointsAsync(HttpContext context, FakeHelixRequest request, string path)
    {
        var broadcasterId = request["broadcaster_id"];
        if (string.IsNullOrEmpty(broadcasterId))
        {
            await Error(context, 400, "The broadcaster_id query parameter is required.").ConfigureAwait(false);
            return;
        }
        if (TokenOwner?.Invoke() is not { } owner || broadcasterId != owner.UserId)
        {
            await Error(context, 403, WrongBroadcaster).ConfigureAwait(false);
            return;
        }
        if (NotAffiliate)
        {
            await Error(context, 403, "The broadcaster is not a partner or affiliate.").ConfigureAwait(false);
            return;
        }
        var (status, message, data) = (request.Method, path) switch
        {
            ("GET", "/channel_points/custom_rewards") => GetRewards(request, broadcasterId),
            ("POST", "/channel_points/custom_rewards") => CreateReward(request, broadcasterId),
            ("PATCH", "/channel_points/custom_rewards") => UpdateReward(request, broadcasterId),
            ("PATCH", "/channel_points/custom_rewards/redemptions") => UpdateRedemptions(request, broadcasterId),
            _ => (404, "Not Found", null),
        };
        if (data is null) await Error(context, status, message!).ConfigureAwait(false);
        else await Data(context, status, data).ConfigureAwait(false);
    }

    private (int, string?, JsonArray?) GetRewards(FakeHelixRequest request, string broadcasterId)
    {
        var ids = request.Query.GetValueOrDefault("id") ?? [];
        if (ids.Length > 50) return (400, "The request exceeds the maximum number of id query parameters that you may specify.", null);
        var manageable = string.Equals(request["only_manageable_rewards"], "true", StringComparison.OrdinalIgnoreCase);
        var rewards = _rewards.Values
            .Where(r => r.BroadcasterId == broadcasterId && (!manageable || r.ClientId == request.ClientId) && (ids.Length == 0 || ids.Contains(r.Id)))
            .OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        if (ids.Length > 0 && rewards.Count == 0) return (404, "All of the custom rewards specified using the id query parameter were not found.", null);
        return (200, null, [.. rewards.Select(RewardJson)]);
    }

    private (int, string?, JsonArray?) CreateReward(FakeHelixRequest request, string broadcasterId)
    {
        if (request.Json is not JsonObject body) return (400, "The title field is required.", null);
        lock (_rewardLock)
        {
            var title = body["title"]?.GetValue<string>();
            if (title is null) return (400, "The title field is required.", null);
            if (body["cost"] is null) return (400, "The cost field is required.", null);
            if (_rewards.Values.Count(r => r.BroadcasterId == broadcasterId) >= 50) return (400, "CREATE_CUSTOM_REWARD_TOO_MANY_REWARDS", null);
            if (_rewards.Values.Any(r => r.BroadcasterId == broadcasterId && string.Equals(r.Title, title, StringComparison.OrdinalIgnoreCase)))
                return (400, "CREATE_CUSTOM_REWARD_DUPLICATE_REWARD", null);
            var reward = new FakeReward(Guid.NewGuid().ToString(), broadcasterId, request.ClientId ?? "");
            if (Apply(reward, body) is { } problem) return (400, problem, null);
            _rewards[reward.Id] = reward;
            return (200, null, [RewardJson(reward)]);
        }
    }

    private (int, string?, JsonArray?) UpdateReward(FakeHelixRequest request, string broadcasterId)
    {
        if (request["id"] is not { Length: > 0 } id) return (400, "The id query parameter is required.", null);
        lock (_rewardLock)
        {
            if (!_rewards.TryGetValue(id, out var reward) || reward.BroadcasterId != broadcasterId)
                return (404, "The custom reward specified in the id query parameter was not found.", null);
            if (reward.ClientId != request.ClientId) return (403, NotOurs, null);
            var body = request.Json as JsonObject ?? [];
            if (body["title"]?.GetValue<string>() is { } title
                && _rewards.Values.Any(r => r != reward && r.BroadcasterId == broadcasterId && string.Equals(r.Title, title, StringComparison.OrdinalIgnoreCase)))
                return (400, "UPDATE_CUSTOM_REWARD_DUPLICATE_REWARD", null);
            var changed = reward with { };
            if (Apply(changed, body) is { } problem) return (400, problem, null);
            _rewards[id] = changed;
            return (200, null, [RewardJson(changed)]);
        }
    }

    private (int, string?, JsonArray?) UpdateRedemptions(FakeHelixRequest request, string broadcasterId)
    {
        var ids = request.Query.GetValueOrDefault("id") ?? [];
        if (request["reward_id"] is not { Length: > 0 } rewardId) return (400, "The reward_id query parameter is required.", null);
        if (ids.Length == 0 || ids.Any(string.IsNullOrEmpty)) return (400, "The id query parameter is required.", null);
        if (ids.Length > 50) return (400, "The request exceeds the maximum number of id query parameters that you may specify.", null);
        var status = (request.Json as JsonObject)?["status"]?.GetValue<string>();
        if (status is not ("FULFILLED" or "CANCELED")) return (400, "The value in the status query parameter is not valid.", null);
        lock (_rewardLock)
        {
            if (!_rewards.TryGetValue(rewardId, out var reward) || reward.BroadcasterId != broadcasterId)
                return (404, "The custom reward specified in the reward_id query parameter was not found.", null);
            if (reward.ClientId != request.ClientId) return (403, NotOurs, null);
            var found = ids.Distinct(StringComparer.Ordinal).Select(id => _redemptions.GetValueOrDefault(id))
                .Where(r => r is { Status: "UNFULFILLED" } && r.RewardId == rewardId).Select(r => r!).ToList();
            if (found.Count == 0)
                return (404, "The redemptions specified using the id query parameter were not found or their statuses weren't marked as UNFULFILLED.", null);
            foreach (var redemption in found) redemption.Status = status;
            return (200, null, [.. found.Select(r => RedemptionJson(r, reward))]);
        }
    }

    /// <summary>Create/Update Custom Reward's body onto <paramref name="reward"/>, with the documented limits; the problem when one is broken.</summary>
    private static string? Apply(FakeReward reward, JsonObject body)
    {
        if (body["title"]?.GetValue<string>() is { } title)
        {
            if (title.Length is < 1 or > 45) return "The title must contain a minimum of 1 character and a maximum of 45 characters.";
            reward.Title = title;
        }
        if (body["cost"] is { } cost)
        {
            if (cost.GetValue<long>() < 1) return "The cost field must contain a minimum of 1 point.";
            reward.Cost = cost.GetValue<long>();
        }
        if (body["prompt"]?.GetValue<string>() is { } prompt)
        {
            if (prompt.Length > 200) return "The prompt field is limited to a maximum of 200 characters.";
            reward.Prompt = prompt;
        }
        if (body["is_enabled"] is { } enabled) reward.IsEnabled = enabled.GetValue<bool>();
        if (body["is_user_input_required"] is { } input) reward.IsUserInputRequired = input.GetValue<bool>();
        if (body["is_paused"] is { } paused) reward.IsPaused = paused.GetValue<bool>();
        if (body["is_global_cooldown_enabled"] is { } cooldownOn) reward.IsGlobalCooldownEnabled = cooldownOn.GetValue<bool>();
        if (body["global_cooldown_seconds"] is { } seconds) reward.GlobalCooldownSeconds = seconds.GetValue<long>();
        if (reward.IsGlobalCooldownEnabled && reward.GlobalCooldownSeconds is < 1 or > 604_800)
            return "If is_global_cooldown_enabled is true, the minimum value for global_cooldown_seconds is 1 and the maximum is 604800.";
        return null;
    }

    private (string Login, string Name) Broadcaster(string id) =>
        _users.Values.FirstOrDefault(u => u.Id == id) is { Login: not null } user ? (user.Login, _displayNames.GetValueOrDefault(user.Login, user.Login)) : ("", "");

    /// <summary>A reward with every field of the reference's response body.</summary>
    private JsonObject RewardJson(FakeReward r)
    {
        var (login, name) = Broadcaster(r.BroadcasterId);
        return new JsonObject
        {
            ["broadcaster_id"] = r.BroadcasterId, ["broadcaster_login"] = login, ["broadcaster_name"] = name,
            ["id"] = r.Id, ["title"] = r.Title, ["prompt"] = r.Prompt, ["cost"] = r.Cost, ["image"] = null,
            ["default_image"] = new JsonObject
            {
                ["url_1x"] = "https://static-cdn.jtvnw.net/custom-reward-images/default-1.png",
                ["url_2x"] = "https://static-cdn.jtvnw.net/custom-reward-images/default-2.png",
                ["url_4x"] = "https://static-cdn.jtvnw.net/custom-reward-images/default-4.png",
            },
            ["background_color"] = "#9147FF", ["is_enabled"] = r.IsEnabled, ["is_user_input_required"] = r.IsUserInputRequired,
            ["max_per_stream_setting"] = new JsonObject { ["is_enabled"] = false, ["max_per_stream"] = 0 },
            ["max_per_user_per_stream_setting"] = new JsonObject { ["is_enabled"] = false, ["max_per_user_per_stream"] = 0 },
            ["global_cooldown_setting"] = new JsonObject { ["is_enabled"] = r.IsGlobalCooldownEnabled, ["global_cooldown_seconds"] = r.GlobalCooldownSeconds },
            ["is_paused"] = r.IsPaused, ["is_in_stock"] = true, ["should_redemptions_skip_request_queue"] = false,
            ["redemptions_redeemed_current_stream"] = null, ["cooldown_expires_at"] = null,
        };
    }

    /// <summary>A redemption with every field of Update Redemption Status's response body.</summary>
    private JsonObject RedemptionJson(FakeRedemption r, FakeReward reward)
    {
        var (login, name) = Broadcaster(r.BroadcasterId);
        return new JsonObject
        {
            ["broadcaster_id"] = r.BroadcasterId, ["broadcaster_login"] = login, ["broadcaster_name"] = name,
            ["id"] = r.Id, ["user_id"] = r.UserId, ["user_name"] = r.UserLogin, ["user_login"] = r.UserLogin,
            ["reward"] = new JsonObject { ["id"] = reward.Id, ["title"] = reward.Title, ["prompt"] = reward.Prompt, ["cost"] = reward.Cost },
            ["user_input"] = r.Input, ["status"] = r.Status,
            ["redeemed_at"] = r.RedeemedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
