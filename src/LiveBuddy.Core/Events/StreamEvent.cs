using LiveBuddy.Core.HypeTrain;

namespace LiveBuddy.Core.Events;

/// <summary>Anything that travels through the pipeline's single ordered channel.</summary>
public abstract record PipelineInput;

/// <summary>The stable identity of a platform event: duplicates (reconnects, redelivery, page overlap) share it.</summary>
public readonly record struct EventKey(Platform Platform, string Id);

/// <summary>
/// A normalized platform event. Every event has a stable id per platform, the platform's send time
/// and the time LiveBuddy received it.
/// </summary>
public abstract record StreamEvent : PipelineInput
{
    public required Platform Platform { get; init; }
    /// <summary>The platform's own id for this event (IRC <c>id</c> tag, EventSub <c>message_id</c>, YouTube message id).</summary>
    public required string Id { get; init; }
    /// <summary>Twitch channel login or YouTube live chat id.</summary>
    public required string Channel { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    public EventKey Key => new(Platform, Id);
}

/// <summary>A chat line. Scores are filled in by the scoring stage before features see it.</summary>
public sealed record ChatMessage : StreamEvent
{
    public required Author Author { get; init; }
    public required string Text { get; init; }
    public IReadOnlyList<MessageFragment> Fragments { get; init; } = [];
    /// <summary>Twitch <c>/me</c> action.</summary>
    public bool IsAction { get; init; }
    /// <summary>The viewer's first message in this channel ever (Twitch <c>first-msg</c>).</summary>
    public bool IsFirstMessage { get; init; }
    /// <summary>Id of the message this one replies to, if any.</summary>
    public string? ReplyToId { get; init; }
    /// <summary>Bits cheered in this message (the bits alert is a separate event).</summary>
    public int Bits { get; init; }
    public MessageScore? Score { get; init; }
    /// <summary>Twitch Shared Chat: set when the line was sent in a partner channel and relayed into ours.</summary>
    public SharedChatSource? SharedFrom { get; init; }

    /// <summary>
    /// True when the line may vote, ask, upvote, run commands, count as our chatter and meet automatic moderation:
    /// always for our own lines; for partner lines only when the streamer opted in (<c>Twitch:SharedChat:Participate</c>).
    /// </summary>
    public bool TakesPart => SharedFrom is null || SharedFrom.Participates;
}

/// <summary>
/// Where a Twitch Shared Chat line really came from: the partner channel's id and login and the message's id in
/// that channel (the same line seen in both rooms shares it). <see cref="Participates"/> mirrors
/// <c>Twitch:SharedChat:Participate</c>.
/// </summary>
public sealed record SharedChatSource(string ChannelId, string? ChannelLogin, string? MessageId, bool Participates = false);

/// <summary>What the models say about one chat line.</summary>
public sealed record MessageScore(Sentiment Sentiment, float Value, bool Question, bool Toxic, float Toxicity)
{
    public static MessageScore Neutral { get; } = new(Sentiment.Neutral, 0, false, false, 0);
}

public enum Sentiment { Negative = -1, Neutral = 0, Positive = 1 }

/// <summary>One chat message was removed (by a moderator, the author, or the platform).</summary>
public sealed record MessageDeleted : StreamEvent
{
    public required string TargetMessageId { get; init; }
    public string? TargetAuthorName { get; init; }
    public string? TargetText { get; init; }
    /// <summary>True when the author retracted it (YouTube), false for moderator deletion.</summary>
    public bool Retracted { get; init; }
}

/// <summary>A viewer was timed out (<see cref="Duration"/> set) or banned (null), removing their messages.</summary>
public sealed record UserCleared : StreamEvent
{
    public required Author Target { get; init; }
    public TimeSpan? Duration { get; init; }
    public string? Reason { get; init; }
    public string? Moderator { get; init; }
    public bool IsBan => Duration is null;
}

/// <summary>The whole chat was cleared (Twitch <c>/clear</c>).</summary>
public sealed record ChatCleared : StreamEvent;

/// <summary>The kind of support or attention event an alert announces.</summary>
public enum AlertKind
{
    Follow,
    Subscription,
    Resubscription,
    GiftSubscription,
    GiftBomb,
    GiftUpgrade,
    Bits,
    Raid,
    Redemption,
    SuperChat,
    SuperSticker,
    Membership,
    MembershipMilestone,
    MembershipGift,
    MembershipGiftReceived,
    HypeTrain,
    Announcement,
    /// <summary>Money sent through a tip service (Streamlabs, StreamElements, Ko-fi), with amount and currency.</summary>
    Tip,
    Other,
    /// <summary>A YouTube gift bought with Jewels (amount in <c>JEWELS</c>, count = the combo).</summary>
    Gift,
}

/// <summary>
/// A gift, payment or attention event. <see cref="Amount"/> and <see cref="Currency"/> where money is
/// involved (bits: count with currency <c>BITS</c>), <see cref="Count"/> for gifts, raid viewers and months.
/// </summary>
public sealed record Alert : StreamEvent
{
    public required AlertKind Kind { get; init; }
    public Author? Author { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public int? Count { get; init; }
    public string? Message { get; init; }
    /// <summary>Sub tier (<c>1000</c>, <c>2000</c>, <c>3000</c>, <c>Prime</c>) or YouTube membership level name.</summary>
    public string? Tier { get; init; }
    /// <summary>
    /// Identity of the real-world event across sources, e.g. <c>sub:{userId}:{month}</c>, so EventSub and IRC
    /// reporting the same sub make one alert; and gift-bomb id so its single gifts fold into one.
    /// </summary>
    public string? DedupeKey { get; init; }
    /// <summary>For single gifts that belong to a gift bomb: the bomb's id (Twitch <c>msg-param-community-gift-id</c>).</summary>
    public string? GiftBombId { get; init; }
    /// <summary>Who received a single gift.</summary>
    public Author? Recipient { get; init; }
    /// <summary>The platform's own system text for this event, when it has one.</summary>
    public string? SystemText { get; init; }
    /// <summary>Name of what was given (a YouTube gift's name).</summary>
    public string? ItemName { get; init; }
    /// <summary>Picture of what was given (a YouTube gift's image), for the overlay.</summary>
    public string? ImageUrl { get; init; }
    /// <summary>
    /// Which connection reported it (<c>irc</c>, <c>eventsub</c>, <c>youtube</c>, <c>demo</c>). The alert queue
    /// announces a <see cref="DedupeKey"/> again only when the same origin reports it again, so IRC and
    /// EventSub telling of one sub make one alert while two real gifts make two.
    /// </summary>
    public string Origin { get; init; } = "";
    /// <summary>A hype train's begin or end alert: the train as it stood (level, total, top contributors).</summary>
    public HypeTrainPayload? HypeTrain { get; init; }
}

/// <summary>The platform says the stream went live.</summary>
public sealed record StreamOnline : StreamEvent
{
    public string? Title { get; init; }
    /// <summary>The game or category the stream is in, when the platform tells it (Twitch's game name).</summary>
    public string? Category { get; init; }
}

/// <summary>The platform says the stream ended.</summary>
public sealed record StreamOffline : StreamEvent;

/// <summary>How many people are watching this stream right now (Helix streams, YouTube concurrentViewers).</summary>
public sealed record ViewerCountSample : StreamEvent
{
    public required int Viewers { get; init; }
    /// <summary>The stream's likes so far (YouTube's likeCount); null where the platform has none or hides it.</summary>
    public int? Likes { get; init; }
}

/// <summary>
/// A platform notice worth keeping (Twitch NOTICE, ROOMSTATE changes, YouTube poll/chat ended):
/// not shown as chat, logged and available to the control page.
/// </summary>
public sealed record ChannelNotice : StreamEvent
{
    public required string Kind { get; init; }
    public required string Text { get; init; }
}
