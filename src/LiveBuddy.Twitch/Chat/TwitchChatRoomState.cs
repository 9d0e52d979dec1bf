using System.Collections.Concurrent;
using LiveBuddy.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// What Twitch told the bot about itself over IRC: whether it is a moderator in each channel (USERSTATE, which sets
/// its send limit) and whether it must pause sending (NOTICE msg_ratelimit). Read by the sender, written by the sockets.
/// </summary>
public sealed partial class TwitchChatRoomState
{
    private readonly ConcurrentDictionary<string, bool> _moderatorIn = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Counter _rateLimited;
    private readonly Counter _rejected;
    private long _sendPausedUntilTicks;

    public TwitchChatRoomState(Counters counters, TimeProvider time, ILogger<TwitchChatRoomState> logger)
    {
        _time = time;
        _logger = logger;
        _rateLimited = counters.Get("twitch.chat.rate_limited_notices");
        _rejected = counters.Get("twitch.chat.rejected_notices");
    }

    /// <summary>True when the bot's USERSTATE in <paramref name="channel"/> says moderator or broadcaster (higher send limit).</summary>
    public bool IsModeratorIn(string channel) => _moderatorIn.TryGetValue(channel, out var mod) && mod;

    /// <summary>Until when Twitch told us to stop sending (NOTICE msg_ratelimit).</summary>
    public DateTimeOffset SendPausedUntil => new(Interlocked.Read(ref _sendPausedUntilTicks), TimeSpan.Zero);

    internal void OnUserState(in IrcMessage message)
    {
        if (!message.TryGetParam(0, out var channelParam)) return;
        var channel = new string(TwitchChatMapper.ChannelLogin(channelParam));
        var mod = false;
        if (message.TryGetTag("mod", out var modTag) && modTag is "1") mod = true;
        if (message.TryGetTag("badges", out var badges)
            && (badges.StartsWith("broadcaster/", StringComparison.Ordinal) || badges.Contains(",broadcaster/", StringComparison.Ordinal)
                || badges.StartsWith("moderator/", StringComparison.Ordinal) || badges.Contains(",moderator/", StringComparison.Ordinal)))
            mod = true;
        _moderatorIn[channel] = mod;
    }

    internal void OnNotice(in IrcMessage message)
    {
        if (!message.TryGetTag("msg-id", out var kind)) return;
        switch (kind)
        {
            case "msg_ratelimit":
                // Twitch drops what we send while we are over the limit: stop for a whole window.
                Interlocked.Exchange(ref _sendPausedUntilTicks, (_time.GetUtcNow() + ChatSendWindow.Window).UtcTicks);
                _rateLimited.Increment();
                LogSendRefused(new string(kind));
                break;
            case "msg_duplicate" or "msg_banned" or "msg_timedout" or "msg_suspended" or "msg_channel_suspended" or "msg_followersonly"
                or "msg_subsonly" or "msg_emoteonly" or "msg_slowmode" or "msg_r9k" or "msg_verified_email" or "msg_requires_verified_phone_number":
                _rejected.Increment();
                LogSendRefused(new string(kind));
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch refused a chat message: {NoticeKind}")]
    private partial void LogSendRefused(string noticeKind);
}
