using System.Text.RegularExpressions;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Shoutouts;

/// <summary>
/// <c>!so &lt;user&gt;</c> (and <c>!shoutout</c>), moderator and up: checks the name and the cooldowns, then asks the host
/// (<see cref="ShoutoutRequested"/>) to look the channel up and answer, since that needs the platform's API. On YouTube
/// the link is the channel of a chatter with that name when LiveBuddy has seen one, else the <c>@handle</c> page.
/// </summary>
public sealed partial class ShoutoutCommand(ShoutoutsOptions options) : IStreamFeature, IChatCommandHandler
{
    private const int MaxRemembered = 10_000;

    private readonly Dictionary<(Platform Platform, string Channel), DateTimeOffset> _lastInChannel = [];
    private readonly Dictionary<(Platform Platform, string Channel, string Target), DateTimeOffset> _lastForTarget = [];
    private readonly Dictionary<string, string> _youTubeChannels = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Platform, string> _lastChannel = [];

    public IReadOnlyCollection<string> CommandNames { get; } = ["so", "shoutout"];

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case ChatMessage chat when chat.SharedFrom is null:
                _lastChannel[chat.Platform] = chat.Channel;
                if (chat.Platform == Platform.YouTube) RememberYouTube(chat.Author);
                break;
            case RequestShoutout request:
                request.Completion.TrySetResult(FromControl(request, context));
                break;
            case SayShoutout say:
                context.Emit(new ChatReply(say.Platform, say.Channel, say.Text, say.ReplyToMessageId));
                say.Completion.TrySetResult(null);
                break;
        }
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        if (command.Level < options.Level) return;
        var chat = command.Message;
        if (command.ArgList.Count == 0)
        {
            command.Reply(context, $"Usage: {command.Prefix}{command.Name} <user>");
            return;
        }
        // YouTube names have spaces: there the whole rest of the line is the name.
        var target = (chat.Platform == Platform.YouTube ? command.Args.Trim() : command.ArgList[0]).TrimStart('@');
        if (Check(chat.Platform, chat.Channel, target) is { } problem)
        {
            command.Reply(context, problem);
            return;
        }
        var now = context.Now;
        var channelKey = (chat.Platform, chat.Channel);
        var targetKey = (chat.Platform, chat.Channel, target.ToLowerInvariant());
        if (command.Level < PermissionLevel.Broadcaster)
        {
            // Silence while cooling down: a reply saying so would be the spam the cooldown prevents.
            if (_lastInChannel.TryGetValue(channelKey, out var last) && now - last < options.Cooldown) return;
            if (_lastForTarget.TryGetValue(targetKey, out var before) && now - before < options.TargetCooldown) return;
        }
        _lastInChannel[channelKey] = now;
        _lastForTarget[targetKey] = now;
        Prune(now);
        context.Emit(Request(chat.Platform, chat.Channel, target, chat.Author.Name, chat.Id));
    }

    private object FromControl(RequestShoutout request, FeatureContext context)
    {
        var target = request.User.Trim().TrimStart('@');
        var channel = request.Channel is { Length: > 0 } given ? given : _lastChannel.GetValueOrDefault(request.Platform);
        if (channel is null)
            return new ControlError($"No {request.Platform.ToWire()} chat has been seen yet, so there is no channel to answer in.");
        if (target.Length == 0) return new ControlError("Whom should I shout out? Give a name.");
        if (Check(request.Platform, channel, target) is { } problem) return new ControlError(problem);
        var shoutout = Request(request.Platform, channel, target, "control page", null);
        context.Emit(shoutout);
        return shoutout;
    }

    private ShoutoutRequested Request(Platform platform, string channel, string target, string by, string? replyTo) =>
        new(platform, channel, target, by, replyTo, platform == Platform.YouTube ? _youTubeChannels.GetValueOrDefault(target) : null);

    /// <summary>A reason to refuse the name, or null when it may be looked up.</summary>
    private static string? Check(Platform platform, string channel, string target)
    {
        if (platform == Platform.Twitch)
        {
            if (!TwitchLogin().IsMatch(target)) return $"\"{Cut(target)}\" is not a Twitch name.";
            if (string.Equals(target, channel, StringComparison.OrdinalIgnoreCase)) return "That is this channel!";
            return null;
        }
        if (target.Length > 100 || target.Any(char.IsControl)) return "That is not a channel name.";
        return null;
    }

    private static string Cut(string text) => text.Length <= 30 ? text : text[..29] + "…";

    private void RememberYouTube(Author author)
    {
        if (author.Id.Length == 0) return;
        if (_youTubeChannels.Count >= MaxRemembered) _youTubeChannels.Clear(); // bounded: the recent chatters come back quickly
        _youTubeChannels[author.DisplayName.TrimStart('@')] = author.Id;
        _youTubeChannels[author.Name.TrimStart('@')] = author.Id;
    }

    private void Prune(DateTimeOffset now)
    {
        if (_lastForTarget.Count < 1_000) return;
        foreach (var key in _lastForTarget.Where(e => now - e.Value > options.TargetCooldown).Select(e => e.Key).ToArray())
            _lastForTarget.Remove(key);
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,25}$")]
    private static partial Regex TwitchLogin();
}
