using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.ChannelPoints;

/// <summary>
/// A viewer redeemed a channel-points reward LiveBuddy manages (one it created from <c>Twitch:Rewards</c>): it waits in
/// the redemption queue until a moderator fulfils or refunds it. Redemptions of other rewards stay <c>redemption</c> alerts.
/// </summary>
public sealed record RewardRedeemed : StreamEvent
{
    public required string RedemptionId { get; init; }
    public required string RewardId { get; init; }
    public required string RewardTitle { get; init; }
    public long Cost { get; init; }
    /// <summary>The broadcaster's user id: Update Redemption Status needs it.</summary>
    public required string BroadcasterId { get; init; }
    public required Author Viewer { get; init; }
    /// <summary>What the viewer typed, for rewards that ask for input.</summary>
    public string? Input { get; init; }
    public DateTimeOffset RedeemedAt { get; init; }
}

/// <summary>
/// A redemption of a reward LiveBuddy manages was fulfilled or refunded on Twitch itself (its own reward queue, the
/// dashboard, another tool): Twitch's <c>channel.channel_points_custom_reward_redemption.update</c>. It leaves our queue.
/// </summary>
public sealed record RedemptionResolvedOnTwitch : StreamEvent
{
    public required string RedemptionId { get; init; }
    /// <summary>Fulfilled, or refunded (Twitch's <c>canceled</c>).</summary>
    public required RedemptionAction Action { get; init; }
}

/// <summary>What a moderator does with a redemption: fulfil it, or refund it (Twitch's <c>CANCELED</c> gives the points back).</summary>
public enum RedemptionAction { Fulfil, Refund }

/// <summary>Where a redemption stands: waiting in the queue, being sent to Twitch, or done.</summary>
public enum RedemptionStatus { Waiting, Resolving, Fulfilled, Refunded }

/// <summary>One redemption as the queue keeps it (and storage, so it survives a restart).</summary>
public sealed record QueuedRedemption
{
    public required string RedemptionId { get; init; }
    public required string RewardId { get; init; }
    public required string RewardTitle { get; init; }
    public long Cost { get; init; }
    public required string BroadcasterId { get; init; }
    public required Platform Platform { get; init; }
    public required string Channel { get; init; }
    public required string ViewerId { get; init; }
    public required string ViewerName { get; init; }
    public string? Input { get; init; }
    public DateTimeOffset RedeemedAt { get; init; }
    public RedemptionStatus Status { get; init; }
    /// <summary>Why the last fulfil or refund did not go through (Twitch's own words), for the control page.</summary>
    public string? Problem { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? ResolvedBy { get; init; }
}

/// <summary>A redemption entered the queue, changed, or left it (fulfilled or refunded); storage keeps its latest state.</summary>
public sealed record RedemptionChanged(QueuedRedemption Redemption) : LiveUpdate;

/// <summary>
/// The queue asks the host to tell Twitch (Update Redemption Status). The host answers with <see cref="RedemptionResult"/>
/// through the pipeline and completes <see cref="Outcome"/> for the control page.
/// </summary>
/// <param name="Redemption">The redemption, now marked as being sent.</param>
/// <param name="Action">Fulfil or refund.</param>
/// <param name="By">The moderator's login, or <c>control page</c>.</param>
/// <param name="ReplyTo">The chat line (<c>!fulfil</c>, <c>!refund</c>) to answer, when it came from chat.</param>
public sealed record RedemptionResolveRequested(QueuedRedemption Redemption, RedemptionAction Action, string By, ChatMessage? ReplyTo) : LiveUpdate
{
    public TaskCompletionSource<QueuedRedemption> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>From the control page or the API: fulfil or refund <paramref name="Which"/> (a redemption id, or <c>oldest</c>).</summary>
public sealed record ResolveRedemption(string Which, RedemptionAction Action, string By) : ControlRequest;

/// <summary>From the API: the queue as it stands (answered with a <see cref="RedemptionQueuePayload"/>).</summary>
public sealed record ListRedemptions : ControlRequest;

/// <summary>How Twitch answered an Update Redemption Status.</summary>
public enum RedemptionOutcome
{
    /// <summary>Done: fulfilled or refunded.</summary>
    Done,
    /// <summary>Twitch no longer has it waiting (404: resolved elsewhere, e.g. on Twitch's own queue, or unknown).</summary>
    Gone,
    /// <summary>Refused or unreachable; it stays in the queue with the reason.</summary>
    Failed,
}

/// <summary>The host's answer to a <see cref="RedemptionResolveRequested"/>, handled in order like every input.</summary>
public sealed record RedemptionResult(RedemptionResolveRequested Request, RedemptionOutcome Outcome, string? Problem) : ControlRequest;

/// <summary>The queue for the control page and <c>GET /api/redemptions</c>: waiting redemptions, oldest first.</summary>
public sealed record RedemptionQueuePayload(IReadOnlyList<RedemptionPayload> Waiting);

/// <summary>One redemption on the control page.</summary>
public sealed record RedemptionPayload(
    string Id, string Platform, string Channel, string RewardId, string Reward, long Cost, string Viewer, string? Input,
    DateTimeOffset RedeemedAt, string Status, string? Problem)
{
    public static RedemptionPayload From(QueuedRedemption r) => new(r.RedemptionId, r.Platform.ToWire(), r.Channel, r.RewardId, r.RewardTitle, r.Cost,
        r.ViewerName, r.Input, r.RedeemedAt, r.Status.ToString().ToLowerInvariant(), r.Problem);
}
