using System.Collections.Concurrent;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// Sends bot replies to Twitch chat within Twitch's send limits: over Helix <c>POST /chat/messages</c> when chat runs
/// on EventSub (a reply to a Shared Chat partner's line with <c>for_source_only</c>, so it stays in our room), else as
/// PRIVMSG over the IRC connection. Long replies are split at word boundaries into at most three messages; a reply
/// identical to the last one in that channel is altered invisibly so Twitch does not drop it as a duplicate.
/// Anonymous reading cannot send: logged and counted.
/// </summary>
public sealed partial class TwitchChatSender : IChatSender
{
    /// <summary>Twitch's limit per chat message.</summary>
    public const int MaxMessageLength = 500;
    private const int MaxParts = 3;
    // An invisible character (Unicode tag space) makes a repeat differ from the last message for Twitch's duplicate check.
    private const string DuplicateBreaker = " \U000E0000";

    private readonly TwitchChatConnection _connection;
    private readonly TwitchChatRoomState _room;
    private readonly TwitchChatIntake _intake;
    private readonly IOptionsMonitor<TwitchOptions> _options;
    private readonly TwitchCredentials? _credentials;
    private readonly HelixClient? _helix;
    private readonly ChatSendWindow _window;
    private readonly TimeProvider _time;
    private readonly ILogger<TwitchChatSender> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, (string Text, DateTimeOffset At)> _lastSent = new(StringComparer.Ordinal);
    private readonly Counter _sent;
    private readonly Counter _anonymous;
    private readonly Counter _dropped;

    public TwitchChatSender(TwitchChatConnection connection, TwitchChatRoomState room, TwitchChatIntake intake, IOptionsMonitor<TwitchOptions> options,
        Counters counters, TimeProvider time, ILogger<TwitchChatSender> logger, TwitchCredentials? credentials = null, HelixClient? helix = null)
    {
        _connection = connection;
        _room = room;
        _intake = intake;
        _options = options;
        _credentials = credentials;
        _helix = helix;
        _time = time;
        _logger = logger;
        _window = new ChatSendWindow(time);
        _sent = counters.Get("twitch.chat.sent");
        _anonymous = counters.Get("twitch.chat.send_anonymous");
        _dropped = counters.Get("twitch.chat.send_dropped");
    }

    public Platform Platform => Platform.Twitch;

    public async ValueTask SendAsync(ChatReply reply, CancellationToken cancellationToken)
    {
        if (reply.Platform != Platform.Twitch) return;
        var signIn = _credentials?.Current;
        var overHelix = _helix is not null && signIn is not null
            && ChatTransportChoice.Resolve(_options.CurrentValue.ChatTransport, signIn) == ChatTransport.EventSub;
        if (!overHelix && !_connection.CanSend)
        {
            _anonymous.Increment();
            LogAnonymous(reply.Channel);
            return;
        }
        var channel = reply.Channel.Trim().TrimStart('#').ToLowerInvariant();
        if (channel.Length == 0 || !channel.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            _dropped.Increment();
            LogBadChannel(channel.Length);
            return;
        }
        var replyTo = reply.ReplyToMessageId is { } id && id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? id : null;

        var first = true;
        foreach (var part in Split(reply.Text))
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _window.WaitTurnAsync(_room.IsModeratorIn(channel), () => _room.SendPausedUntil, cancellationToken).ConfigureAwait(false);
                var text = AvoidDuplicate(channel, part);
                var parent = first ? replyTo : null;
                var sent = overHelix
                    ? await SendOverHelixAsync(channel, signIn!.UserId, text, parent, cancellationToken).ConfigureAwait(false)
                    : await _connection.SendLineAsync(parent is not null
                        ? $"@reply-parent-msg-id={parent} PRIVMSG #{channel} :{text}"
                        : $"PRIVMSG #{channel} :{text}", cancellationToken).ConfigureAwait(false);
                if (!sent)
                {
                    _dropped.Increment();
                    if (!overHelix) LogNotConnected(channel);
                    return;
                }
                _lastSent[channel] = (text, _time.GetUtcNow());
                _sent.Increment();
            }
            finally
            {
                _gate.Release();
            }
            first = false;
        }
    }

    private async Task<bool> SendOverHelixAsync(string channel, string senderId, string text, string? replyTo, CancellationToken cancellationToken)
    {
        try
        {
            var broadcaster = await _helix!.GetUserAsync(channel, cancellationToken).ConfigureAwait(false);
            if (broadcaster is null)
            {
                LogHelixRefused(channel, "channel not found");
                return false;
            }
            // A reply to a partner channel's viewer stays in our room instead of going to every channel of the Shared Chat.
            var sourceOnly = replyTo is not null && _intake.IsPartnerLine(replyTo);
            var result = await _helix.SendChatMessageAsync(broadcaster.Id, senderId, text, replyTo, sourceOnly, cancellationToken).ConfigureAwait(false);
            if (result.IsSent) return true;
            LogHelixRefused(channel, result.DropReason?.Message ?? result.DropReason?.Code ?? "dropped");
            return false;
        }
        catch (Exception ex) when (ex is HelixException or HttpRequestException)
        {
            LogHelixRefused(channel, ex.Message);
            return false;
        }
    }

    private string AvoidDuplicate(string channel, string text)
    {
        if (!_lastSent.TryGetValue(channel, out var last) || _time.GetUtcNow() - last.At >= ChatSendWindow.Window) return text;
        if (string.Equals(last.Text, text, StringComparison.Ordinal)) return text + DuplicateBreaker;
        return text;
    }

    /// <summary>
    /// Cleans a reply for IRC (line breaks become spaces, so no one can inject a command) and cuts it into
    /// messages of at most 500 characters at word boundaries; past three messages the rest is cut with an ellipsis.
    /// </summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var clean = text.Replace('\r', ' ').Replace('\n', ' ').Replace('\0', ' ').Trim();
        if (clean.Length == 0) return [];
        var parts = new List<string>(1);
        var rest = clean.AsSpan();
        while (rest.Length > 0)
        {
            if (rest.Length <= MaxMessageLength)
            {
                parts.Add(new string(rest));
                break;
            }
            if (parts.Count == MaxParts - 1)
            {
                parts.Add(string.Concat(Cut(rest, MaxMessageLength - 1).TrimEnd(), "…"));
                break;
            }
            var piece = Cut(rest, MaxMessageLength);
            var space = piece.LastIndexOf(' ');
            if (space > MaxMessageLength / 2) piece = piece[..space];
            parts.Add(new string(piece.TrimEnd()));
            rest = rest[piece.Length..].TrimStart();
        }
        return parts;
    }

    // Never cut between the halves of a surrogate pair.
    private static ReadOnlySpan<char> Cut(ReadOnlySpan<char> text, int length)
    {
        if (text.Length <= length) return text;
        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch reply to {Channel} not sent: chat is read anonymously (set Twitch:BotLogin and a token to reply)")]
    private partial void LogAnonymous(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch reply to {Channel} not sent over Helix: {TwitchMessage}")]
    private partial void LogHelixRefused(string channel, string twitchMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch reply not sent: channel name of {Length} characters is not a Twitch login")]
    private partial void LogBadChannel(int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch reply to {Channel} not sent: chat is not connected")]
    private partial void LogNotConnected(string channel);
}
