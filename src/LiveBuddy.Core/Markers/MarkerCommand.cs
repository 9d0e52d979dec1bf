using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Markers;

/// <summary>
/// <c>!marker [text]</c> and <c>!clip</c>, moderator and up: asks the host (<see cref="MarkRequested"/>) to place a stream
/// marker or make a clip, since that needs the platform's API. Twitch only: elsewhere the answer says so. Records what
/// the host made (<see cref="RecordStreamMark"/>) and says it in chat.
/// </summary>
public sealed class MarkerCommand(MarkersOptions options) : IStreamFeature, IChatCommandHandler
{
    /// <summary>Twitch keeps a marker description of at most 140 characters.</summary>
    public const int MaxDescription = 140;

    private readonly Dictionary<(Platform Platform, string Channel, MarkKind Kind), DateTimeOffset> _last = [];

    public IReadOnlyCollection<string> CommandNames { get; } = ["marker", "clip"];

    public void Handle(PipelineInput input, FeatureContext context)
    {
        if (input is not RecordStreamMark record) return;
        context.Emit(new StreamMarked(record.Mark));
        if (record.Reply is { } reply)
            context.Emit(new ChatReply(record.Mark.Platform, record.Mark.Channel, reply, record.ReplyToMessageId));
        record.Completion.TrySetResult(null);
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        if (command.Level < options.Level) return;
        var chat = command.Message;
        var kind = command.Name == "clip" ? MarkKind.Clip : MarkKind.Marker;
        if (chat.Platform != Platform.Twitch)
        {
            command.Reply(context, kind == MarkKind.Clip ? "Clips can only be made on Twitch." : "Stream markers are a Twitch feature.");
            return;
        }
        var key = (chat.Platform, chat.Channel, kind);
        var now = context.Now;
        // Silence while cooling down: a reply saying so would be the spam the cooldown prevents.
        if (command.Level < PermissionLevel.Broadcaster && _last.TryGetValue(key, out var last) && now - last < options.Cooldown) return;
        _last[key] = now;
        var who = chat.Author.DisplayName.Length > 0 ? chat.Author.DisplayName : chat.Author.Name;
        var description = kind == MarkKind.Clip || command.Args.Length == 0 ? $"{(kind == MarkKind.Clip ? "!clip" : "!marker")} by {who}" : command.Args;
        context.Emit(new MarkRequested(chat.Platform, chat.Channel, kind, Shorten(description, MaxDescription), who, chat.Id));
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> UTF-16 units without splitting a surrogate pair.</summary>
    public static string Shorten(string text, int max)
    {
        text = text.Trim();
        if (text.Length <= max) return text;
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }
}
