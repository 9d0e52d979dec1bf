using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Pipeline;

/// <summary>A chat message LiveBuddy sends, to the platform and channel the command came from.</summary>
public sealed record ChatReply(Platform Platform, string Channel, string Text, string? ReplyToMessageId = null) : LiveUpdate;

public enum ModerationKind { Delete, Timeout, Ban, Unban, Warn }

/// <summary>A moderation action to carry out on the platform (Helix, YouTube liveChatBans/delete), logged with its reason.</summary>
public sealed record ModerationRequest : LiveUpdate
{
    public required Platform Platform { get; init; }
    public required string Channel { get; init; }
    public required ModerationKind Kind { get; init; }
    public required Author Target { get; init; }
    public TimeSpan? Duration { get; init; }
    public string? MessageId { get; init; }
    public required string Reason { get; init; }
    /// <summary>Who asked: a moderator's name, or the filter that fired (e.g. <c>filter:links</c>).</summary>
    public required string RequestedBy { get; init; }
}

/// <summary>Sends chat replies on one platform, within that platform's rate limits.</summary>
public interface IChatSender
{
    Platform Platform { get; }
    ValueTask SendAsync(ChatReply reply, CancellationToken cancellationToken);
}

/// <summary>Carries out moderation actions on one platform.</summary>
public interface IModerationExecutor
{
    Platform Platform { get; }
    ValueTask ExecuteAsync(ModerationRequest request, CancellationToken cancellationToken);
}
