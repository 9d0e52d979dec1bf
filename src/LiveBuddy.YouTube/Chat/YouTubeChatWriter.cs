using System.Collections.Concurrent;
using Google;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.YouTube.Chat;

/// <summary>
/// Replies, deletions and bans on YouTube as the signed-in creator. Each costs 50 quota units and is refused
/// (logged, counted) when the day's quota is gone; API-key mode cannot write at all.
/// </summary>
internal sealed partial class YouTubeChatWriter(
    YouTubeConnection connection,
    QuotaBudget budget,
    Counters counters,
    ILogger<YouTubeChatWriter> logger) : IChatSender, IModerationExecutor
{
    /// <summary>YouTube refuses chat messages longer than 200 characters.</summary>
    public const int MaxMessageLength = 200;

    // Unban needs the ban's id, which only liveChatBans.insert returns: remember ours by (chat, channel).
    private readonly ConcurrentDictionary<(string Chat, string Channel), string> _bans = new();
    private readonly Counter _sent = counters.Get("youtube.writes");
    private readonly Counter _refused = counters.Get("youtube.writes_refused");
    private readonly Counter _failed = counters.Get("youtube.writes_failed");
    private int _toldNotSignedIn;

    public Platform Platform => Platform.YouTube;

    public async ValueTask SendAsync(ChatReply reply, CancellationToken cancellationToken)
    {
        var text = reply.Text.Length > MaxMessageLength ? reply.Text[..MaxMessageLength] : reply.Text;
        if (text.Length == 0) return;
        await WriteAsync("liveChatMessages.insert", reply.Channel,
            (api, ct) => api.InsertMessage(reply.Channel, text).ExecuteAsync(ct), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ExecuteAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        switch (request.Kind)
        {
            case ModerationKind.Delete when request.MessageId is { Length: > 0 } messageId:
                await WriteAsync("liveChatMessages.delete", request.Channel,
                    (api, ct) => api.DeleteMessage(messageId).ExecuteAsync(ct), cancellationToken).ConfigureAwait(false);
                break;
            case ModerationKind.Timeout or ModerationKind.Ban:
                var duration = request.Kind == ModerationKind.Timeout ? request.Duration ?? TimeSpan.FromMinutes(5) : (TimeSpan?)null;
                var ban = await WriteAsync("liveChatBans.insert", request.Channel,
                    (api, ct) => api.InsertBan(request.Channel, request.Target.Id, duration).ExecuteAsync(ct), cancellationToken).ConfigureAwait(false);
                if (ban?.Id is { Length: > 0 } banId) _bans[(request.Channel, request.Target.Id)] = banId;
                LogModeration(request.Kind, request.Target.Id, request.RequestedBy, request.Reason);
                break;
            case ModerationKind.Unban when _bans.TryRemove((request.Channel, request.Target.Id), out var id):
                await WriteAsync("liveChatBans.delete", request.Channel,
                    (api, ct) => api.DeleteBan(id).ExecuteAsync(ct), cancellationToken).ConfigureAwait(false);
                break;
            default:
                // Warn has no YouTube call; an unban of a ban we did not make needs YouTube Studio.
                LogNotSupported(request.Kind, request.Target.Id);
                break;
        }
    }

    private async Task<T?> WriteAsync<T>(string call, string liveChatId, Func<Api.YouTubeLiveService, CancellationToken, Task<T>> send,
        CancellationToken cancellationToken) where T : class
    {
        var (mode, api) = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        if (mode != YouTubeMode.OAuth || api is null)
        {
            _refused.Increment();
            if (Interlocked.Exchange(ref _toldNotSignedIn, 1) == 0) LogNotSignedIn(call); // once, not per reply
            return null;
        }
        if (!budget.TryChargeWrite(QuotaCost.Write))
        {
            _refused.Increment();
            LogNoQuota(call, budget.Left, budget.ResetAt);
            return null;
        }
        try
        {
            var result = await send(api, cancellationToken).ConfigureAwait(false);
            _sent.Increment();
            return result;
        }
        catch (GoogleApiException ex)
        {
            _failed.Increment();
            var reason = ex.Error?.Errors?.FirstOrDefault()?.Reason ?? "";
            if (string.Equals(reason, "quotaExceeded", StringComparison.Ordinal)) budget.MarkExceeded();
            LogWriteFailed(call, liveChatId, (int)ex.HttpStatusCode, reason, ex.Error?.Message);
            return null;
        }
        catch (HttpRequestException ex)
        {
            _failed.Increment();
            LogWriteUnreachable(ex, call, liveChatId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube {Call} refused: writing needs `login youtube` (API-key mode is read-only)")]
    private partial void LogNotSignedIn(string call);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube {Call} refused: {Left} quota units left today, a write costs 50; resets at {ResetAt:u}")]
    private partial void LogNoQuota(string call, int left, DateTimeOffset resetAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "YouTube {Call} on chat {LiveChatId} failed: HTTP {Status} {Reason}: {ApiMessage}")]
    private partial void LogWriteFailed(string call, string liveChatId, int status, string reason, string? apiMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "YouTube {Call} on chat {LiveChatId} could not reach the API")]
    private partial void LogWriteUnreachable(Exception ex, string call, string liveChatId);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube {Kind} of channel {TargetId} requested by {RequestedBy}: {Reason}")]
    private partial void LogModeration(ModerationKind kind, string targetId, string requestedBy, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube cannot carry out {Kind} for channel {TargetId}; skipped")]
    private partial void LogNotSupported(ModerationKind kind, string targetId);
}
