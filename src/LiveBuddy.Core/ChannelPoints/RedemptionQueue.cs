using System.Globalization;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.ChannelPoints;

/// <summary>
/// The channel-points redemption queue: redemptions of rewards LiveBuddy manages wait here, oldest first, until a moderator
/// fulfils or refunds them (control page, <c>/api/redemptions</c>, or <c>!fulfil</c> / <c>!refund</c> in chat). Telling
/// Twitch is the host's job (<see cref="RedemptionResolveRequested"/>); its answer comes back as a <see cref="RedemptionResult"/>.
/// A refused request keeps the redemption waiting with Twitch's reason; one Twitch no longer has waiting leaves the queue.
/// </summary>
public sealed class RedemptionQueue : IStreamFeature, IChatCommandHandler
{
    /// <summary>More than this many waiting is a queue nobody works through: the oldest are dropped from view (Twitch keeps them).</summary>
    private const int MaxWaiting = 500;

    private readonly List<QueuedRedemption> _waiting = [];

    /// <param name="stored">The redemptions storage had waiting, so a restart carries on with the queue.</param>
    public RedemptionQueue(IEnumerable<QueuedRedemption>? stored = null)
    {
        foreach (var redemption in stored ?? [])
            _waiting.Add(redemption with { Status = RedemptionStatus.Waiting });
        _waiting.Sort((a, b) => a.RedeemedAt.CompareTo(b.RedeemedAt));
    }

    public IReadOnlyCollection<string> CommandNames { get; } = ["fulfil", "fulfill", "refund", "redemptions"];

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case RewardRedeemed redeemed:
                Add(redeemed, context);
                break;
            case ResolveRedemption resolve:
                resolve.Completion.TrySetResult(Start(resolve.Which, resolve.Action, resolve.By, null, context));
                break;
            case ListRedemptions list:
                list.Completion.TrySetResult(Payload());
                break;
            case RedemptionResult result:
                Finish(result, context);
                result.Completion.TrySetResult(null);
                break;
            case RedemptionResolvedOnTwitch resolved:
                ResolvedOnTwitch(resolved, context);
                break;
        }
    }

    /// <summary>
    /// Fulfilled or refunded on Twitch itself: it leaves the queue. One we are sending ourselves is left to our own request's
    /// answer (Twitch tells of that change too), so whoever pressed the button stays the one recorded.
    /// </summary>
    private void ResolvedOnTwitch(RedemptionResolvedOnTwitch resolved, FeatureContext context)
    {
        var index = _waiting.FindIndex(r => r.RedemptionId == resolved.RedemptionId);
        if (index < 0 || _waiting[index].Status != RedemptionStatus.Waiting) return;
        var redemption = _waiting[index] with
        {
            Status = resolved.Action == RedemptionAction.Fulfil ? RedemptionStatus.Fulfilled : RedemptionStatus.Refunded,
            Problem = null,
            ResolvedAt = resolved.SentAt,
            ResolvedBy = "Twitch",
        };
        _waiting.RemoveAt(index);
        context.Emit(new RedemptionChanged(redemption));
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        if (!command.IsModerator) return;
        if (command.Name == "redemptions")
        {
            var waiting = _waiting.Where(r => r.Status == RedemptionStatus.Waiting).ToList();
            command.Reply(context, waiting.Count == 0
                ? "No redemptions waiting."
                : $"{waiting.Count} waiting: " + string.Join(", ", waiting.Take(5).Select(r => $"{r.RewardTitle} ({r.ViewerName})")) + (waiting.Count > 5 ? ", …" : ""));
            return;
        }
        var action = command.Name == "refund" ? RedemptionAction.Refund : RedemptionAction.Fulfil;
        // "!refund ann": the oldest waiting redemption of that viewer; bare: the oldest of all.
        var viewer = command.ArgList.Count > 0 ? command.ArgList[0].TrimStart('@') : null;
        var which = viewer is null ? "oldest" : "@" + viewer;
        if (Start(which, action, command.Message.Author.Name, command.Message, context) is ControlError error)
            command.Reply(context, error.Message);
    }

    private void Add(RewardRedeemed redeemed, FeatureContext context)
    {
        if (_waiting.Any(r => r.RedemptionId == redeemed.RedemptionId)) return;
        var redemption = new QueuedRedemption
        {
            RedemptionId = redeemed.RedemptionId,
            RewardId = redeemed.RewardId,
            RewardTitle = redeemed.RewardTitle,
            Cost = redeemed.Cost,
            BroadcasterId = redeemed.BroadcasterId,
            Platform = redeemed.Platform,
            Channel = redeemed.Channel,
            ViewerId = redeemed.Viewer.Id,
            ViewerName = redeemed.Viewer.DisplayName.Length > 0 ? redeemed.Viewer.DisplayName : redeemed.Viewer.Name,
            Input = redeemed.Input,
            RedeemedAt = redeemed.RedeemedAt == default ? redeemed.ReceivedAt : redeemed.RedeemedAt,
        };
        _waiting.Add(redemption);
        if (_waiting.Count > MaxWaiting) _waiting.RemoveAt(0);
        context.Emit(new RedemptionChanged(redemption));
    }

    private object Start(string which, RedemptionAction action, string by, ChatMessage? replyTo, FeatureContext context)
    {
        var index = Find(which);
        if (index < 0)
            return new ControlError(which switch
            {
                "oldest" => "No redemptions are waiting.",
                ['@', .. var name] => $"No redemption of {name} is waiting.",
                _ => $"Redemption {which} is not in the queue (already fulfilled or refunded?).",
            });
        var redemption = _waiting[index];
        if (redemption.Status == RedemptionStatus.Resolving)
            return new ControlError($"{redemption.RewardTitle} for {redemption.ViewerName} is already being sent to Twitch.");
        redemption = redemption with { Status = RedemptionStatus.Resolving, Problem = null };
        _waiting[index] = redemption;
        var request = new RedemptionResolveRequested(redemption, action, by, replyTo);
        context.Emit(request);
        return request;
    }

    private int Find(string which) => which switch
    {
        "oldest" => _waiting.FindIndex(r => r.Status == RedemptionStatus.Waiting),
        ['@', .. var name] => _waiting.FindIndex(r => r.Status == RedemptionStatus.Waiting && string.Equals(r.ViewerName, name, StringComparison.OrdinalIgnoreCase)),
        _ => _waiting.FindIndex(r => r.RedemptionId == which),
    };

    private void Finish(RedemptionResult result, FeatureContext context)
    {
        var request = result.Request;
        var index = _waiting.FindIndex(r => r.RedemptionId == request.Redemption.RedemptionId);
        var redemption = index >= 0 ? _waiting[index] : request.Redemption;
        string reply;
        if (result.Outcome == RedemptionOutcome.Failed)
        {
            redemption = redemption with { Status = RedemptionStatus.Waiting, Problem = result.Problem };
            if (index >= 0) _waiting[index] = redemption;
            reply = $"Twitch did not take the {Verb(request.Action)} of {redemption.RewardTitle} for {redemption.ViewerName}: {result.Problem}";
        }
        else
        {
            // Gone: Twitch no longer has it waiting (fulfilled or refunded elsewhere); keeping it here would only fail again.
            redemption = redemption with
            {
                Status = request.Action == RedemptionAction.Fulfil ? RedemptionStatus.Fulfilled : RedemptionStatus.Refunded,
                Problem = result.Outcome == RedemptionOutcome.Gone ? result.Problem : null,
                ResolvedAt = context.Now,
                ResolvedBy = request.By,
            };
            if (index >= 0) _waiting.RemoveAt(index);
            reply = result.Outcome == RedemptionOutcome.Gone
                ? $"{redemption.RewardTitle} for {redemption.ViewerName} was no longer waiting on Twitch; removed from the queue."
                : request.Action == RedemptionAction.Fulfil
                    ? $"Fulfilled {redemption.RewardTitle} for {redemption.ViewerName}."
                    : string.Create(CultureInfo.InvariantCulture, $"Refunded {redemption.RewardTitle} for {redemption.ViewerName} ({redemption.Cost:N0} points back).");
        }
        context.Emit(new RedemptionChanged(redemption));
        if (request.ReplyTo is { } chat)
            context.Emit(new ChatReply(chat.Platform, chat.Channel, reply, chat.Id));
        request.Outcome.TrySetResult(redemption);
    }

    private static string Verb(RedemptionAction action) => action == RedemptionAction.Fulfil ? "fulfilment" : "refund";

    private RedemptionQueuePayload Payload() => new(_waiting.Select(RedemptionPayload.From).ToList());
}
