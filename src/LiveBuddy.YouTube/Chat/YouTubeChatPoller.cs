using System.Globalization;
using System.Net;
using Google;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.YouTube.Api;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.YouTube.Chat;

/// <summary>
/// Finds live chats and reads them, one step at a time: <see cref="StepAsync"/> does whatever is due and returns
/// when it next has something to do, so the hosted loop waits on the <see cref="TimeProvider"/> and tests drive
/// it with a fake clock. Single-threaded: only the reader loop calls it.
/// </summary>
internal sealed partial class YouTubeChatPoller
{
    public const string SourceName = "youtube";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultServerInterval = TimeSpan.FromSeconds(5);

    private readonly YouTubeLiveService _api;
    private readonly YouTubeMode _mode;
    private readonly YouTubeOptions _options;
    private readonly QuotaBudget _budget;
    private readonly EventIngress _ingress;
    private readonly SourceStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ChatCursor> _chats = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknownTypesLogged = new(StringComparer.Ordinal);
    private readonly Counter _published, _duplicates, _malformed, _unknown, _tombstones, _backlog, _polls, _errors;
    private DateTimeOffset _nextLookAt;
    private int _lookFailures;
    private string? _lookFailure; // bad key, no permission: cleared by the next successful look
    private string? _chatFailure; // chat not found or forbidden: cleared by a successful poll or a new chat
    private TimeSpan _lastInterval;

    public YouTubeChatPoller(YouTubeLiveService api, YouTubeMode mode, YouTubeOptions options, QuotaBudget budget,
        EventIngress ingress, Counters counters, SourceStatusBoard board, TimeProvider time, ILogger logger)
    {
        _api = api;
        _mode = mode;
        _options = options;
        _budget = budget;
        _ingress = ingress;
        _board = board;
        _time = time;
        _logger = logger;
        _published = counters.Get("youtube.events");
        _duplicates = counters.Get("youtube.duplicates");
        _malformed = counters.Get("youtube.skipped_malformed");
        _unknown = counters.Get("youtube.skipped_unknown_type");
        _tombstones = counters.Get("youtube.skipped_tombstone");
        _backlog = counters.Get("youtube.backlog_skipped");
        _polls = counters.Get("youtube.polls");
        _errors = counters.Get("youtube.errors");
        _nextLookAt = time.GetUtcNow();
    }

    /// <summary>Live chats being read right now (liveChatId).</summary>
    public IReadOnlyCollection<string> ActiveChats => _chats.Keys;

    /// <summary>Does what is due (look for streams, sample viewers, poll chats) and returns when to come back.</summary>
    public async Task<DateTimeOffset> StepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_budget.Exceeded)
            return Report(_budget.ResetAt);

        if (now >= _nextLookAt)
            await LookAsync(now, cancellationToken).ConfigureAwait(false);

        foreach (var chat in _chats.Values.Where(c => c.NextPollAt <= now).ToList())
            await PollAsync(chat, cancellationToken).ConfigureAwait(false);

        var next = _nextLookAt;
        foreach (var chat in _chats.Values)
            if (chat.NextPollAt < next) next = chat.NextPollAt;
        // Out of units (Google said so, or our read budget is spent): nothing to do until the day turns.
        if (_budget.Exceeded || _budget.ReadLeft < QuotaCost.ChatList) next = _budget.ResetAt;
        return Report(next);
    }

    // Looking for streams and sampling viewers are one videos.list call: it gives activeLiveChatId and concurrentViewers.
    private async Task LookAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var idle = _chats.Count == 0;
        _nextLookAt = now + (idle ? _options.DiscoveryInterval : _options.ViewerSampleInterval);
        // Low on units while live: skip the viewer sample and keep them for chat.
        if (!idle && _budget.ReadLeft < 20 * QuotaCost.ChatList) return;
        var call = "liveBroadcasts.list";
        try
        {
            var videoIds = new List<string>(_options.VideoIds);
            // A broadcast id is its video id; its liveChatId stands in if videos.list does not show one yet.
            var broadcastChats = new Dictionary<string, string>(StringComparer.Ordinal);
            if (_mode == YouTubeMode.OAuth && idle)
            {
                if (!Charge(QuotaCost.BroadcastsList)) return;
                var broadcasts = await _api.ListActiveBroadcasts().ExecuteAsync(cancellationToken).ConfigureAwait(false);
                foreach (var b in broadcasts.Items ?? [])
                {
                    if (b.Id is not { Length: > 0 } id) continue;
                    if (!videoIds.Contains(id, StringComparer.Ordinal)) videoIds.Add(id);
                    if (b.Snippet?.LiveChatId is { Length: > 0 } chatId) broadcastChats[id] = chatId;
                }
            }
            foreach (var chat in _chats.Values)
                if (!videoIds.Contains(chat.VideoId, StringComparer.Ordinal)) videoIds.Add(chat.VideoId);
            if (videoIds.Count == 0) return;

            call = "videos.list";
            if (!Charge(QuotaCost.VideosList)) return;
            var videos = await _api.ListVideos(videoIds).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            _lookFailures = 0;
            _lookFailure = null;
            foreach (var video in videos.Items ?? [])
                await SeeVideoAsync(video, broadcastChats.GetValueOrDefault(video.Id ?? ""), now, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex)
        {
            var action = HandleError(ex, call, ++_lookFailures, out var wait);
            if (action is ErrorAction.BackOff or ErrorAction.Dropped) _nextLookAt = now + wait;
        }
        catch (HttpRequestException ex)
        {
            _errors.Increment();
            LogTransportError(ex, call);
            _nextLookAt = now + Backoff(++_lookFailures);
        }
    }

    private async Task SeeVideoAsync(Video video, string? broadcastChatId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var live = video.LiveStreamingDetails;
        if (video.Id is not { Length: > 0 } videoId || live is null) return;
        var tracked = _chats.Values.FirstOrDefault(c => string.Equals(c.VideoId, videoId, StringComparison.Ordinal));

        if (tracked is null && (live.ActiveLiveChatId ?? broadcastChatId) is { Length: > 0 } chatId && live.ActualEndTime is null)
        {
            var startedAt = LiveChatMapper.TryParseTime(live.ActualStartTime, out var s) ? s : now;
            tracked = new ChatCursor(videoId, chatId, startedAt) { NextPollAt = now };
            _chats[chatId] = tracked;
            _nextLookAt = now + _options.ViewerSampleInterval;
            _chatFailure = null;
            LogChatFound(videoId, chatId);
            await PublishAsync(new StreamOnline
            {
                Platform = Platform.YouTube, Id = "online:" + chatId, Channel = chatId,
                SentAt = startedAt, ReceivedAt = now, Title = video.Snippet?.Title,
            }, cancellationToken).ConfigureAwait(false);
        }
        if (tracked is null) return;

        if (live.ActualEndTime is not null)
        {
            await EndChatAsync(tracked, now, "the broadcast ended", cancellationToken).ConfigureAwait(false);
            return;
        }
        if (int.TryParse(live.ConcurrentViewers, NumberStyles.None, CultureInfo.InvariantCulture, out var viewers))
        {
            await PublishAsync(new ViewerCountSample
            {
                Platform = Platform.YouTube, Id = $"viewers:{videoId}:{now.ToUnixTimeSeconds()}", Channel = tracked.LiveChatId,
                SentAt = now, ReceivedAt = now, Viewers = viewers,
            }, cancellationToken).ConfigureAwait(false);
            tracked.Viewers = viewers;
        }
    }

    private async Task PollAsync(ChatCursor chat, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!Charge(QuotaCost.ChatList))
        {
            chat.NextPollAt = _budget.ResetAt;
            return;
        }
        LiveChatMessageListResponse page;
        try
        {
            var token = string.IsNullOrEmpty(chat.PageToken) ? null : chat.PageToken;
            page = await _api.ListMessages(chat.LiveChatId, token, _options.MaxResults).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException ex)
        {
            switch (HandleError(ex, "liveChatMessages.list", ++chat.Failures, out var wait))
            {
                case ErrorAction.BackOff:
                    chat.NextPollAt = now + wait;
                    break;
                case ErrorAction.QuotaOut:
                    chat.NextPollAt = _budget.ResetAt;
                    break;
                case ErrorAction.ChatEnded:
                    await EndChatAsync(chat, now, "liveChatEnded", cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    _chats.Remove(chat.LiveChatId);
                    if (_chats.Count == 0) _nextLookAt = now + _options.DiscoveryInterval;
                    break;
            }
            return;
        }
        catch (HttpRequestException ex)
        {
            _errors.Increment();
            LogTransportError(ex, "liveChatMessages.list");
            chat.NextPollAt = now + Backoff(++chat.Failures);
            return;
        }

        _polls.Increment();
        chat.Failures = 0;
        _chatFailure = null;
        var received = _time.GetUtcNow();
        var backlog = chat.PageToken is null;
        var ended = false;
        foreach (var item in page.Items ?? [])
        {
            if (item is null)
            {
                // An item JSON reading could not make anything of (see YouTubeConnection.TolerantJson).
                CountSkip(SkipReason.Malformed, null);
                continue;
            }
            if (item.Id is { Length: > 0 } id && !chat.Seen.Add(new EventKey(Platform.YouTube, id)))
            {
                _duplicates.Increment();
                continue;
            }
            var e = LiveChatMapper.Map(item, chat.LiveChatId, received, out var skip);
            if (e is null)
            {
                CountSkip(skip, item.Snippet?.Type);
                continue;
            }
            if (e is StreamOffline) ended = true;
            // The first page is what was said before we joined: keep its ids (so it is never replayed) but publish
            // nothing, because the pipeline cannot tell old from new: alerts would pop and commands and votes run again.
            if (backlog && e is not StreamOffline)
            {
                _backlog.Increment();
                continue;
            }
            await PublishAsync(e, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrEmpty(page.NextPageToken)) chat.PageToken = page.NextPageToken;
        else chat.PageToken ??= ""; // past the backlog even when the server gave no token
        if (ended || !string.IsNullOrEmpty(page.OfflineAt))
        {
            // chatEndedEvent already published StreamOffline with its own id; otherwise say it ourselves.
            await EndChatAsync(chat, received, "the chat went offline", cancellationToken, publish: !ended).ConfigureAwait(false);
            return;
        }

        var serverMinimum = page.PollingIntervalMillis is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : DefaultServerInterval;
        var interval = _budget.PollInterval(serverMinimum, now - chat.StartedAt, TimeSpan.FromHours(_options.ExpectedStreamHours),
            _options.ViewerSampleInterval, _chats.Count);
        _lastInterval = interval;
        // The wait counts from the answer, not the ask: a slow response must not shorten the gap YouTube asked for.
        chat.NextPollAt = received + interval;
    }

    private async Task EndChatAsync(ChatCursor chat, DateTimeOffset now, string why, CancellationToken cancellationToken, bool publish = true)
    {
        _chats.Remove(chat.LiveChatId);
        LogChatEnded(chat.VideoId, chat.LiveChatId, why);
        if (publish)
        {
            await PublishAsync(new StreamOffline
            {
                Platform = Platform.YouTube, Id = "offline:" + chat.LiveChatId, Channel = chat.LiveChatId, SentAt = now, ReceivedAt = now,
            }, cancellationToken).ConfigureAwait(false);
        }
        if (_chats.Count == 0) _nextLookAt = now + _options.DiscoveryInterval;
    }

    private enum ErrorAction { BackOff, ChatEnded, Dropped, QuotaOut }

    /// <summary>Decides what an API error means: back off (with <paramref name="wait"/>), chat ended, dropped, or quota out.</summary>
    private ErrorAction HandleError(GoogleApiException ex, string call, int failures, out TimeSpan wait)
    {
        _errors.Increment();
        var reason = ex.Error?.Errors?.FirstOrDefault()?.Reason ?? "";
        var status = (int)ex.HttpStatusCode;
        wait = _options.DiscoveryInterval;
        switch (reason)
        {
            case "quotaExceeded" or "dailyLimitExceeded":
                _budget.MarkExceeded();
                LogQuotaExceeded(call, _budget.ResetAt);
                return ErrorAction.QuotaOut;
            case "liveChatEnded":
                return ErrorAction.ChatEnded;
            case "rateLimitExceeded" or "userRateLimitExceeded":
                break;
            default:
                if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
                {
                    // liveChatNotFound, forbidden, liveChatDisabled, keyInvalid…: retrying soon will not help; say so
                    // and look again later (a fixed key or a new stream brings it back).
                    var failure = $"{call} failed: HTTP {status} {(reason.Length > 0 ? reason : "error")}: {ex.Error?.Message}";
                    if (string.Equals(call, "liveChatMessages.list", StringComparison.Ordinal)) _chatFailure = failure;
                    else _lookFailure = failure;
                    LogApiFailed(call, status, reason, ex.Error?.Message);
                    return ErrorAction.Dropped;
                }
                break;
        }
        wait = Backoff(failures);
        LogBackingOff(call, status, reason, wait);
        return ErrorAction.BackOff;
    }

    private static TimeSpan Backoff(int failures)
    {
        var seconds = 5 * Math.Pow(2, Math.Clamp(failures - 1, 0, 10));
        var wait = TimeSpan.FromSeconds(seconds);
        return wait > MaxBackoff ? MaxBackoff : wait;
    }

    private bool Charge(int units)
    {
        if (_budget.TryChargeRead(units)) return true;
        LogReadBudgetUsed(_budget.ResetAt);
        return false;
    }

    private void CountSkip(SkipReason skip, string? type)
    {
        switch (skip)
        {
            case SkipReason.Tombstone:
                _tombstones.Increment();
                break;
            case SkipReason.UnknownType:
                _unknown.Increment();
                if (type is not null && _unknownTypesLogged.Count < 64 && _unknownTypesLogged.Add(type))
                    LogUnknownType(type);
                break;
            default:
                _malformed.Increment();
                LogMalformed(type);
                break;
        }
    }

    private async ValueTask PublishAsync(StreamEvent e, CancellationToken cancellationToken)
    {
        await _ingress.PublishAsync(e, cancellationToken).ConfigureAwait(false);
        _published.Increment();
    }

    private DateTimeOffset Report(DateTimeOffset next)
    {
        var extra = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["mode"] = _mode == YouTubeMode.OAuth ? "oauth" : "apiKey",
            ["quotaUsed"] = _budget.Used,
            ["quotaLeft"] = _budget.Left,
            ["quotaDaily"] = _budget.DailyQuota,
            ["quotaResetAt"] = _budget.ResetAt.ToString("O", CultureInfo.InvariantCulture),
            ["nextPollAt"] = next.ToString("O", CultureInfo.InvariantCulture),
            ["pollIntervalMs"] = (long)_lastInterval.TotalMilliseconds,
            ["liveChatIds"] = string.Join(',', _chats.Keys),
        };
        var viewers = _chats.Values.Sum(c => c.Viewers ?? 0);
        if (viewers > 0) extra["viewers"] = viewers;

        if (_budget.Exceeded)
            _board.Report(SourceName, SourceState.Idle, $"YouTube quota used up for today; polling resumes at {_budget.ResetAt:u} (midnight Pacific)", extra);
        else if (_budget.ReadLeft < QuotaCost.ChatList)
            _board.Report(SourceName, SourceState.Idle,
                $"YouTube read budget for today is used up ({_budget.Left} units kept for replies and moderation); reading resumes at {_budget.ResetAt:u}", extra);
        else if ((_lookFailure ?? _chatFailure) is { } failure)
            _board.Report(SourceName, SourceState.Failed, failure, extra);
        else if (_chats.Values.Any(c => c.Failures > 0))
            _board.Report(SourceName, SourceState.Reconnecting, "YouTube is rate limiting or failing; backing off", extra);
        else if (_chats.Count > 0)
            _board.Report(SourceName, SourceState.Connected, $"reading {_chats.Count} live chat(s)", extra);
        else
            _board.Report(SourceName, SourceState.Idle, _mode == YouTubeMode.OAuth
                ? "no active broadcast on the signed-in channel yet" : "none of YouTube:VideoIds is live yet", extra);
        return next;
    }

    private sealed class ChatCursor(string videoId, string liveChatId, DateTimeOffset startedAt)
    {
        public string VideoId { get; } = videoId;
        public string LiveChatId { get; } = liveChatId;
        public DateTimeOffset StartedAt { get; } = startedAt;
        /// <summary>Null until the first (backlog) page is read; then always the last nextPageToken.</summary>
        public string? PageToken { get; set; }
        public DateTimeOffset NextPollAt { get; set; }
        public int Failures { get; set; }
        public int? Viewers { get; set; }
        public RecentEventIds Seen { get; } = new(20_000);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube live chat found: video {VideoId}, chat {LiveChatId}")]
    private partial void LogChatFound(string videoId, string liveChatId);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube live chat ended: video {VideoId}, chat {LiveChatId} ({Why})")]
    private partial void LogChatEnded(string videoId, string liveChatId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube quota exceeded on {Call}; no more requests until {ResetAt:u} (midnight Pacific)")]
    private partial void LogQuotaExceeded(string call, DateTimeOffset resetAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube read budget for today is used up (write reserve kept); reading resumes at {ResetAt:u}")]
    private partial void LogReadBudgetUsed(DateTimeOffset resetAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube {Call} returned HTTP {Status} {Reason}; retrying in {Wait}")]
    private partial void LogBackingOff(string call, int status, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "YouTube {Call} failed: HTTP {Status} {Reason}: {ApiMessage}")]
    private partial void LogApiFailed(string call, int status, string reason, string? apiMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube {Call} could not reach the API; backing off")]
    private partial void LogTransportError(Exception ex, string call);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube chat message type {Type} is unknown; skipped (counted)")]
    private partial void LogUnknownType(string type);

    [LoggerMessage(Level = LogLevel.Debug, Message = "YouTube chat message of type {Type} is malformed; skipped (counted)")]
    private partial void LogMalformed(string? type);
}
