using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Commands;

/// <summary>A chat line that starts with the command prefix, split into name and arguments. Replies name commands with <see cref="Prefix"/>.</summary>
public sealed record ChatCommand(ChatMessage Message, string Prefix, string Name, string Args)
{
    public PermissionLevel Level => Message.Author.Roles.Level();

    public bool IsModerator => Level >= PermissionLevel.Moderator;

    /// <summary>Arguments split on whitespace; empty when there are none.</summary>
    public IReadOnlyList<string> ArgList { get; } = Args.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Answers in the platform and channel the command came from.</summary>
    public void Reply(FeatureContext context, string text) =>
        context.Emit(new ChatReply(Message.Platform, Message.Channel, text, Message.Id));

    /// <summary>
    /// Splits <c>!name rest</c>. Null when the text is not a command: no prefix, or nothing but the prefix.
    /// The name is lower-cased so <c>!Poll</c> and <c>!poll</c> are the same command.
    /// </summary>
    public static ChatCommand? TryParse(ChatMessage message, string prefix)
    {
        var text = message.Text.AsSpan().Trim();
        if (prefix.Length == 0 || !text.StartsWith(prefix, StringComparison.Ordinal)) return null;
        text = text[prefix.Length..];
        var space = text.IndexOfAny(' ', '\t');
        var name = (space < 0 ? text : text[..space]).ToString().ToLowerInvariant();
        if (name.Length == 0) return null;
        var args = space < 0 ? "" : text[(space + 1)..].Trim().ToString();
        return new ChatCommand(message, prefix, name, args);
    }
}

/// <summary>
/// A feature that owns built-in chat commands (polls, Q&amp;A, moderation). The <see cref="CommandRouter"/>
/// parses the prefix once and hands each command to the feature that owns its name.
/// </summary>
public interface IChatCommandHandler
{
    /// <summary>Lower-case command names without prefix, e.g. <c>poll</c>, <c>vote</c>.</summary>
    IReadOnlyCollection<string> CommandNames { get; }

    /// <summary>Handles one command; never throws on bad input (replies politely or ignores it).</summary>
    void HandleCommand(ChatCommand command, FeatureContext context);
}
