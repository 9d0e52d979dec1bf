using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Shoutouts;

/// <summary>
/// A moderator asked to shout someone out. The host looks the channel up on the platform (Twitch: Helix Get Users and
/// Get Channel Information), answers in <see cref="Channel"/> and, on Twitch where allowed, sends the native shoutout.
/// </summary>
/// <param name="Platform">Where to shout out.</param>
/// <param name="Channel">The channel to answer in (Twitch login, YouTube live chat id).</param>
/// <param name="Target">The name as typed, without <c>@</c>.</param>
/// <param name="RequestedBy">The moderator's login, or <c>control page</c>.</param>
/// <param name="ReplyToMessageId">The <c>!so</c> line, to answer as a reply.</param>
/// <param name="YouTubeChannelId">On YouTube, the channel id of a chatter with that name, when LiveBuddy has seen one.</param>
public sealed record ShoutoutRequested(Platform Platform, string Channel, string Target, string RequestedBy, string? ReplyToMessageId,
    string? YouTubeChannelId = null) : LiveUpdate
{
    /// <summary>Completed by the host with the result, for the control page.</summary>
    public TaskCompletionSource<ShoutoutOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>What a shoutout did: the chat reply sent and, on Twitch, whether the native shoutout went out and why not.</summary>
/// <param name="Reply">The text answered in chat (null when the channel was not found and nothing was said but the error).</param>
/// <param name="Native"><c>sent</c>, <c>cooldown</c>, <c>not-live</c>, <c>not-allowed</c>, <c>off</c>, <c>failed</c>, or null off Twitch.</param>
/// <param name="Detail">Why the native shoutout was not sent, in words for a moderator.</param>
public sealed record ShoutoutOutcome(string? Reply, string? Native = null, string? Detail = null);

/// <summary>From the control page: shout out <paramref name="User"/> on <paramref name="Platform"/> (in <paramref name="Channel"/>, or where chat was last seen).</summary>
public sealed record RequestShoutout(Platform Platform, string User, string? Channel = null) : ControlRequest;

/// <summary>The host's answer to a <see cref="ShoutoutRequested"/>, said in chat through the pipeline like every reply.</summary>
public sealed record SayShoutout(Platform Platform, string Channel, string Text, string? ReplyToMessageId) : ControlRequest;

/// <summary>The shoutout answer from <see cref="ShoutoutsOptions.Message"/> (or the one without a category).</summary>
public static class ShoutoutText
{
    public static string Render(ShoutoutsOptions options, string name, string login, string? category, string? title, string url)
    {
        var template = string.IsNullOrWhiteSpace(category) ? options.MessageWithoutCategory : options.Message;
        return template
            .Replace("{name}", name, StringComparison.Ordinal)
            .Replace("{login}", login, StringComparison.Ordinal)
            .Replace("{category}", string.IsNullOrWhiteSpace(category) ? "something" : category, StringComparison.Ordinal)
            .Replace("{title}", title ?? "", StringComparison.Ordinal)
            .Replace("{url}", url, StringComparison.Ordinal);
    }
}
