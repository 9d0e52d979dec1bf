using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace LiveBuddy.Twitch.Helix;

// Channel points (dev.twitch.tv/docs/api/reference: Get Custom Reward, Create Custom Rewards, Update Custom Reward,
// Update Redemption Status). All need the broadcaster's own token: broadcaster_id must be the signed-in user, and
// only the app (Client-Id) that created a reward may update it or its redemptions.
public sealed partial class HelixClient
{
    private static readonly ChannelPointsJsonContext PointsJson = ChannelPointsJsonContext.Default;

    /// <summary>The broadcaster's custom rewards this app may manage (the ones it created); needs <c>channel:read:redemptions</c> or <c>channel:manage:redemptions</c>.</summary>
    public Task<IReadOnlyList<HelixReward>> GetManageableRewardsAsync(string broadcasterId, CancellationToken cancellationToken) =>
        GetDataAsync($"channel_points/custom_rewards?broadcaster_id={Uri.EscapeDataString(broadcasterId)}&only_manageable_rewards=true",
            PointsJson.HelixDataHelixReward, cancellationToken);

    /// <summary>Creates a custom reward (at most 50 per channel; titles are unique per channel).</summary>
    public Task<HelixReward> CreateRewardAsync(string broadcasterId, HelixRewardSettings settings, CancellationToken cancellationToken) =>
        SingleAsync(HttpMethod.Post, $"channel_points/custom_rewards?broadcaster_id={Uri.EscapeDataString(broadcasterId)}",
            () => JsonContent.Create(settings, PointsJson.HelixRewardSettings), PointsJson.HelixDataHelixReward, cancellationToken);

    /// <summary>Updates a reward this app created (Twitch answers 403 for any other).</summary>
    public Task<HelixReward> UpdateRewardAsync(string broadcasterId, string rewardId, HelixRewardSettings settings, CancellationToken cancellationToken) =>
        SingleAsync(HttpMethod.Patch, $"channel_points/custom_rewards?broadcaster_id={Uri.EscapeDataString(broadcasterId)}&id={Uri.EscapeDataString(rewardId)}",
            () => JsonContent.Create(settings, PointsJson.HelixRewardSettings), PointsJson.HelixDataHelixReward, cancellationToken);

    /// <summary>
    /// Marks an UNFULFILLED redemption <c>FULFILLED</c>, or <c>CANCELED</c>, which refunds the viewer's points. Twitch answers
    /// 404 when the redemption is unknown or no longer UNFULFILLED.
    /// </summary>
    public Task<HelixRedemption> UpdateRedemptionStatusAsync(string broadcasterId, string rewardId, string redemptionId, bool fulfil,
        CancellationToken cancellationToken) =>
        SingleAsync(HttpMethod.Patch,
            $"channel_points/custom_rewards/redemptions?id={Uri.EscapeDataString(redemptionId)}&broadcaster_id={Uri.EscapeDataString(broadcasterId)}&reward_id={Uri.EscapeDataString(rewardId)}",
            () => JsonContent.Create(new RedemptionStatusBody(fulfil ? "FULFILLED" : "CANCELED"), PointsJson.RedemptionStatusBody),
            PointsJson.HelixDataHelixRedemption, cancellationToken);
}

/// <summary>A custom reward as Helix returns it (the fields LiveBuddy compares with its configuration).</summary>
public sealed record HelixReward(
    string Id, string Title, string? Prompt, long Cost, bool IsEnabled, bool IsUserInputRequired, bool IsPaused,
    HelixCooldownSetting? GlobalCooldownSetting);

public sealed record HelixCooldownSetting(bool IsEnabled, long GlobalCooldownSeconds);

/// <summary>Body of Create Custom Rewards and Update Custom Reward: what LiveBuddy's configuration says about a reward.</summary>
public sealed record HelixRewardSettings(
    string Title, long Cost, string Prompt, bool IsEnabled, bool IsUserInputRequired, bool IsGlobalCooldownEnabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? GlobalCooldownSeconds);

/// <summary>A redemption as Update Redemption Status returns it.</summary>
public sealed record HelixRedemption(string Id, string? UserLogin, string? Status, HelixRedeemedReward? Reward);

public sealed record HelixRedeemedReward(string Id, string? Title, long Cost);

internal sealed record RedemptionStatusBody(string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HelixData<HelixReward>))]
[JsonSerializable(typeof(HelixData<HelixRedemption>))]
[JsonSerializable(typeof(HelixRewardSettings))]
[JsonSerializable(typeof(RedemptionStatusBody))]
internal sealed partial class ChannelPointsJsonContext : JsonSerializerContext;
