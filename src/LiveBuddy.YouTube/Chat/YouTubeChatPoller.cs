using System.Globalization;
using System.Net;
using Google;
using Grpc.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.YouTube.Api;
using LiveBuddy.YouTube.Chat.Streaming;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Contrib.WaitAndRetry;
using Polly.Retry;

namespace LiveBuddy.YouTube.Chat;

/// <summary>
/// Finds live chats and reads them, one step at a time: <see cref="StepAsync"/> does whatever is due and returns
/// when it next has something to do, so the hosted loop waits on the <see cref="TimeProvider"/> and tests drive
/// it with a fake clock. Only the reader loop calls it. A chat is read by streamList (one background stream per
/// chat, which wakes the loop when it ends) or, when YouTube refuses streaming or the streamer chose it, by polling
/// <c>liveChatMessages.list</c>; both spend the same quota budget and share one page-token and duplicate memory.
/// </summary>
internal sealed partial class YouTubeChatPoller : IAsyncDisposable
{
    public const string SourceName = "youtube";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultServerInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinReopenGap = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HistoryWindow = TimeSpan.FromSeconds(10);

    private readonly YouTubeLiveService _api;
    private readonly ChatStreamClient? _streams;
    private readonly ResiliencePipeline<StreamEnd> _streamRetry;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly UnknownTypes _unknownTypes = new();
    private readonly Polls.YouTubePollMirror? _pollMirror;
    private readonly YouTubeMode _mode;
    private readonly YouTubeOptions _options;
    private readonly QuotaBudget _budget;
    private readonly EventIngress _ingress;
    private readonly SourceStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ChatCursor> _chats = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknownTypesLogged = new(StringComparer.Ordinal);
    private readonly Counter _published, _duplicates, _malformed, _unknown, _tombstones, _backlog, _polls, _errors, _streamOpens, _fallbacks;
    private string? _fallbackReason; // why the last chat stopped streaming and is read by polling
    private DateTimeOffset _nextLookAt;
    private int _lookFailures;
    private string? _lookFailure; // bad key, no permission: cleared by the next successful look
    private string? _chatFailure; // chat not found or forbidden: cleared by a successful poll or a new chat
    private TimeSpan _lastInterval;

    public YouTubeChatPoller(YouTubeLiveService api, YouTubeMode mode, YouTubeOptions options, QuotaBudget budget,
        EventIngress ingress, Counters counters, SourceStatusBoard board, TimeProvider time, ILogger logger,
        ChatStreamClient? streams = null, Polls.YouTubePollMirror? polls = null)
    {
        _pollMirror = polls;
        _api = api;
        _streams = options.Streams ? streams : null;
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
        _streamOpens = counters.Get("youtube.stream_opens");
        _fallbacks = counters.Get("youtube.stream_fallbacks");
        _nextLookAt = time.GetUtcNow();
        // A stream that breaks (connection lost, server busy) is reopened from its last page token with exponential
        // back-off on our clock; every attempt is a streamList call and pays its quota inside ReadStreamAsync.
        _streamRetry = new ResiliencePipelineBuilder<StreamEnd> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<StreamEnd>
            {
                ShouldHandle = new PredicateBuilder<StreamEnd>()
                    .Handle<RpcException>(StreamErrors.IsTransient)
                    .Handle<HttpRequestException>()
                    .Handle<IOException>(),
                MaxRetryAttempts = 6,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(2),
                MaxDelay = MaxBackoff,
                UseJitter = true,
                OnRetry = args =>
                {
                    _errors.Increment();
                    LogStreamRetry(args.Outcome.Exception, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Completes when a stream ended (or anything else the loop should react to before its next planned step).</summary>
    public Task WaitForWakeAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);

    /// <summary>Chats read by a stream right now.</summary>
    public int StreamingChats => _chats.Values.Count(c => c.Stream is { IsCompleted: false });

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

        foreach (var chat in _chats.Values.ToList())
        {
            if (chat.Stream is { IsCompleted: true } ended)
            {
                chat.Stream = null;
                await StreamEndedAsync(chat, await ended.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            if (!_chats.ContainsKey(chat.LiveChatId)) continue;
            if (chat.Streaming)
            {
                if (chat.Stream is null && chat.NextOpenAt <= _time.GetUtcNow()) OpenStream(chat);
            }
            else if (chat.NextPollAt <= now)
            {
                await PollAsync(chat, cancellationToken).ConfigureAwait(false);
            }
        }

        var next = _nextLookAt;
        foreach (var chat in _chats.Values)
        {
            var due = chat.Streaming ? (chat.Stream is null ? chat.NextOpenAt : DateTimeOffset.MaxValue) : chat.NextPollAt;
            if (due < next) next = due;
        }
        // Out of units (Google said so, or our read budget is spent): nothing to do until the day turns.
        if (_budget.Exceeded || _budget.ReadLeft < QuotaCost.ChatList) next = _budget.ResetAt;
        return Report(next);
    }

    // Looking for streams and sampling viewers are one videos.list call: it gives activeLiveChatId, concurrentViewers and
    // (part statistics, at no extra cost: a videos.list call is 1 unit whatever parts it asks for) likeCount.
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
            _nextLookAt = now + BackoffAfter(++_lookFailures);
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
            tracked = new ChatCursor(videoId, chatId, startedAt)
            {
                NextPollAt = now, NextOpenAt = now, Streaming = _streams is not null,
                // Found among the signed-in channel's own broadcasts: its owner may run native polls in it.
                Owned = _mode == YouTubeMode.OAuth && broadcastChatId is not null,
            };
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
            // Hidden likes (no likeCount) stay unknown rather than zero.
            int? likes = int.TryParse(video.Statistics?.LikeCount, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
            await PublishAsync(new ViewerCountSample
            {
                Platform = Platform.YouTube, Id = $"viewers:{videoId}:{now.ToUnixTimeSeconds()}", Channel = tracked.LiveChatId,
                SentAt = now, ReceivedAt = now, Viewers = viewers, Likes = likes,
            }, cancellationToken).ConfigureAwait(false);
            tracked.Viewers = viewers;
            tracked.Likes = likes;
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
        if (chat.PageToken is null) chat.JoinedAt = now;
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
            chat.NextPollAt = now + BackoffAfter(++chat.Failures);
            return;
        }

        _polls.Increment();
        chat.Failures = 0;
        _chatFailure = null;
        var received = _time.GetUtcNow();
        var result = await ProcessPageAsync(chat, page, received, cancellationToken).ConfigureAwait(false);
        if (result != PageEnd.Open)
        {
            // chatEndedEvent already published StreamOffline with its own id; otherwise say it ourselves.
            await EndChatAsync(chat, received, "the chat went offline", cancellationToken, publish: result == PageEnd.Offline).ConfigureAwait(false);
            return;
        }

        var serverMinimum = page.PollingIntervalMillis is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : DefaultServerInterval;
        var interval = _budget.PollInterval(serverMinimum, now - chat.StartedAt, TimeSpan.FromHours(_options.ExpectedStreamHours),
            _options.ViewerSampleInterval, _chats.Count);
        _lastInterval = interval;
        // The wait counts from the answer, not the ask: a slow response must not shorten the gap YouTube asked for.
        chat.NextPollAt = received + interval;
    }

    private enum PageEnd { Open, Offline, ChatEnded }

    /// <summary>
    /// Publishes a page's new items (list page or stream response alike) and keeps its page token. What was said before
    /// we joined is history: its ids are kept (so it is never replayed) but nothing is published, because the pipeline
    /// cannot tell old from new: alerts would pop and commands and votes run again. The first page or response is all
    /// history. streamList's reference says a first connection gets "a series of messages" of recent history, so later
    /// responses may hold more of it: until the first item published after we joined, an item published before that
    /// moment is history too. (Google's clock against ours: a line sent in the first instants after we joined may pass
    /// for history when our clock runs ahead; history ends at the first newer item or 10 s after joining at most.)
    /// </summary>
    private async Task<PageEnd> ProcessPageAsync(ChatCursor chat, LiveChatMessageListResponse page, DateTimeOffset received,
        CancellationToken cancellationToken)
    {
        var backlog = chat.PageToken is null;
        if (chat.ReadingHistory && !backlog && received - chat.JoinedAt > HistoryWindow) chat.ReadingHistory = false;
        var ended = false;
        if (_pollMirror is not null && page.ActivePollItem is { } activePoll)
            await _pollMirror.ObserveAsync(activePoll, cancellationToken).ConfigureAwait(false);
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
            if (_pollMirror is not null && item.Snippet?.PollDetails is not null)
                await _pollMirror.ObserveAsync(item, cancellationToken).ConfigureAwait(false);
            var e = LiveChatMapper.Map(item, chat.LiveChatId, received, out var skip);
            if (e is null)
            {
                CountSkip(skip, item.Snippet?.Type);
                continue;
            }
            if (e is StreamOffline) ended = true;
            else if (backlog || (chat.ReadingHistory && e.SentAt < chat.JoinedAt))
            {
                _backlog.Increment();
                continue;
            }
            else chat.ReadingHistory = false;
            await PublishAsync(e, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrEmpty(page.NextPageToken)) chat.PageToken = page.NextPageToken;
        else chat.PageToken ??= ""; // past the backlog even when the server gave no token
        return ended ? PageEnd.ChatEnded : !string.IsNullOrEmpty(page.OfflineAt) ? PageEnd.Offline : PageEnd.Open;
    }

    private enum StreamEnd { ServerClosed, Offline, ChatEnded, NoBudget, Stopped }

    /// <summary>Starts the chat's stream in the background; it pays for each open itself and wakes the loop when it ends.</summary>
    private void OpenStream(ChatCursor chat)
    {
        chat.StreamStop?.Dispose();
        chat.StreamStop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        chat.LastOpenAt = _time.GetUtcNow();
        if (chat.PageToken is null) chat.JoinedAt = chat.LastOpenAt;
        var stop = chat.StreamStop.Token;
        chat.Stream = Task.Run(() => RunStreamAsync(chat, stop), CancellationToken.None);
    }

    private async Task<StreamOutcome> RunStreamAsync(ChatCursor chat, CancellationToken cancellationToken)
    {
        try
        {
            var end = await _streamRetry.ExecuteAsync(static (state, ct) => state.Poller.ReadStreamAsync(state.Chat, ct),
                (Poller: this, Chat: chat), cancellationToken).ConfigureAwait(false);
            return new StreamOutcome(end, null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new StreamOutcome(StreamEnd.Stopped, null, null);
        }
        catch (RpcException ex)
        {
            return new StreamOutcome(null, StreamErrors.Classify(ex), ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // Back-off retries used up on transport failures.
            return new StreamOutcome(null, StreamErrorKind.Transient, ex);
        }
        finally
        {
            _wake.Release();
        }
    }

    /// <summary>One streamList call: 5 units (as liveChatMessages.list), then responses until the server ends the stream.</summary>
    private async ValueTask<StreamEnd> ReadStreamAsync(ChatCursor chat, CancellationToken cancellationToken)
    {
        if (!_budget.TryChargeRead(QuotaCost.StreamList)) return StreamEnd.NoBudget;
        _streamOpens.Increment();
        await foreach (var page in _streams!.StreamAsync(chat.LiveChatId, string.IsNullOrEmpty(chat.PageToken) ? null : chat.PageToken, cancellationToken)
                           .ConfigureAwait(false))
        {
            var result = await ProcessPageAsync(chat, page, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            chat.Failures = 0;
            if (result == PageEnd.ChatEnded) return StreamEnd.ChatEnded;
            if (result == PageEnd.Offline) return StreamEnd.Offline;
        }
        return StreamEnd.ServerClosed;
    }

    private sealed record StreamOutcome(StreamEnd? End, StreamErrorKind? Error, Exception? Exception);

    private async Task StreamEndedAsync(ChatCursor chat, StreamOutcome outcome, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        switch (outcome.End, outcome.Error)
        {
            case (StreamEnd.ServerClosed, _):
                // The server ends streams now and then: reopen from the last token at once, unless streams end so
                // often that reopening would spend more than the budget's polling pace; then wait for that pace.
                var pace = _budget.PollInterval(MinReopenGap, now - chat.StartedAt, TimeSpan.FromHours(_options.ExpectedStreamHours),
                    _options.ViewerSampleInterval, _chats.Count);
                _lastInterval = pace;
                chat.NextOpenAt = chat.LastOpenAt + pace > now ? chat.LastOpenAt + pace : now;
                _chatFailure = null;
                break;
            case (StreamEnd.ChatEnded or StreamEnd.Offline, _):
                await EndChatAsync(chat, now, "the chat went offline", cancellationToken, publish: outcome.End == StreamEnd.Offline).ConfigureAwait(false);
                break;
            case (StreamEnd.NoBudget, _):
                LogReadBudgetUsed(_budget.ResetAt);
                chat.NextOpenAt = _budget.ResetAt;
                break;
            case (StreamEnd.Stopped, _):
                break;
            case (_, StreamErrorKind.StreamingUnavailable):
                _fallbacks.Increment();
                _fallbackReason = "streamList unavailable (" + (outcome.Exception as RpcException)?.Status.Detail + "); reading by polling liveChatMessages.list";
                LogFallBack(chat.LiveChatId, (outcome.Exception as RpcException)?.Status.Detail);
                chat.Streaming = false;
                chat.NextPollAt = now;
                break;
            case (_, StreamErrorKind.QuotaExceeded):
                _errors.Increment();
                _budget.MarkExceeded();
                LogQuotaExceeded("liveChatMessages.streamList", _budget.ResetAt);
                chat.NextOpenAt = _budget.ResetAt;
                break;
            case (_, StreamErrorKind.ChatEnded):
                await EndChatAsync(chat, now, "liveChatEnded", cancellationToken).ConfigureAwait(false);
                break;
            case (_, StreamErrorKind.Transient):
                // Polly's retries are used up: keep the chat and try again later.
                _errors.Increment();
                chat.Failures++;
                chat.NextOpenAt = now + MaxBackoff;
                LogStreamGaveUp(outcome.Exception, chat.LiveChatId, MaxBackoff);
                break;
            default:
                _errors.Increment();
                var status = outcome.Exception as RpcException;
                _chatFailure = $"liveChatMessages.streamList failed: {status?.StatusCode}: {status?.Status.Detail}";
                LogStreamFailed(chat.LiveChatId, status?.StatusCode.ToString() ?? "", status?.Status.Detail);
                _chats.Remove(chat.LiveChatId);
                if (_chats.Count == 0) _nextLookAt = now + _options.DiscoveryInterval;
                break;
        }
    }

    private async Task EndChatAsync(ChatCursor chat, DateTimeOffset now, string why, CancellationToken cancellationToken, bool publish = true)
    {
        _chats.Remove(chat.LiveChatId);
        chat.StreamStop?.Cancel();
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
        wait = BackoffAfter(failures);
        LogBackingOff(call, status, reason, wait);
        return ErrorAction.BackOff;
    }

    // Polling is planned, not waited for: StepAsync returns when each chat is next due and the hosted loop sleeps on the
    // TimeProvider until then, so a failed poll or look must not block the loop in a retry (the other chats, the viewer
    // sample and a stop request would wait behind it). Polly therefore computes the delays here, and the failure count
    // kept per chat (and for looking) picks the next one, which becomes that chat's next due time. Exponential without
    // jitter: one LiveBuddy is Google's only caller with this project's key, so there is no herd of clients to spread.
    private static readonly TimeSpan[] BackoffDelays =
        [.. Backoff.ExponentialBackoff(TimeSpan.FromSeconds(5), retryCount: 7).Select(d => d > MaxBackoff ? MaxBackoff : d)];

    private static TimeSpan BackoffAfter(int failures) => BackoffDelays[Math.Clamp(failures, 1, BackoffDelays.Length) - 1];

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
                _unknownTypes.Add(type ?? "(none)");
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
        _pollMirror?.SetOwnedChats(_chats.Values.Where(c => c.Owned).Select(c => c.LiveChatId));
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
            ["reader"] = _streams is null ? "list" : _chats.Values.Any(c => !c.Streaming) ? "list (fallback)" : "streamList",
            ["streamOpens"] = _streamOpens.Value,
            ["unknownTypes"] = _unknownTypes.Describe(),
        };
        if (_fallbackReason is not null) extra["readerNote"] = _fallbackReason;
        var viewers = _chats.Values.Sum(c => c.Viewers ?? 0);
        if (viewers > 0) extra["viewers"] = viewers;
        if (_chats.Values.Any(c => c.Likes is not null)) extra["likes"] = _chats.Values.Sum(c => c.Likes ?? 0);

        if (_budget.Exceeded)
            _board.Report(SourceName, SourceState.Idle, $"YouTube quota used up for today; polling resumes at {_budget.ResetAt:u} (midnight Pacific)", extra);
        else if (_budget.ReadLeft < QuotaCost.ChatList)
            _board.Report(SourceName, SourceState.Idle,
                $"YouTube read budget for today is used up ({_budget.Left} units kept for replies and moderation); reading resumes at {_budget.ResetAt:u}", extra);
        else if ((_lookFailure ?? _chatFailure) is { } failure)
            _board.Report(SourceName, SourceState.Failed, failure, extra);
        else if (_chats.Values.Any(c => c.Failures > 0))
            _board.Report(SourceName, SourceState.Reconnecting, "YouTube is rate limiting or failing; backing off", extra);
        else if (_chats.Count > 0 && _chats.Values.Any(c => !c.Streaming) && _fallbackReason is not null)
            _board.Report(SourceName, SourceState.Connected, $"reading {_chats.Count} live chat(s); {_fallbackReason}", extra);
        else if (_chats.Count > 0)
            _board.Report(SourceName, SourceState.Connected,
                $"reading {_chats.Count} live chat(s) by {(_chats.Values.All(c => c.Streaming) ? "streamList" : "polling")}", extra);
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
        public int? Likes { get; set; }
        public RecentEventIds Seen { get; } = new(20_000);
        /// <summary>Read by streamList (until YouTube refuses it; then by polling for the rest of this chat).</summary>
        public bool Streaming { get; set; }
        public Task<StreamOutcome>? Stream { get; set; }
        public CancellationTokenSource? StreamStop { get; set; }
        public DateTimeOffset NextOpenAt { get; set; }
        public DateTimeOffset LastOpenAt { get; set; }
        public bool Owned { get; init; }
        /// <summary>When we first asked for this chat's messages (our clock): what was published before is history.</summary>
        public DateTimeOffset JoinedAt { get; set; }
        /// <summary>Until the first item published after <see cref="JoinedAt"/>: YouTube may send history in several responses.</summary>
        public bool ReadingHistory { get; set; } = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var chat in _chats.Values)
        {
            if (chat.Stream is { } stream) await stream.ConfigureAwait(false);
            chat.StreamStop?.Dispose();
        }
        _stopping.Dispose();
        _wake.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube streamList broke; reopening from the last page token in {Delay}")]
    private partial void LogStreamRetry(Exception? ex, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube streamList of chat {LiveChatId} keeps failing; trying again in {Wait}")]
    private partial void LogStreamGaveUp(Exception? ex, string liveChatId, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube streamList is not available for chat {LiveChatId} ({Detail}); reading it by polling liveChatMessages.list")]
    private partial void LogFallBack(string liveChatId, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "YouTube streamList of chat {LiveChatId} failed: {Status}: {Detail}")]
    private partial void LogStreamFailed(string liveChatId, string status, string? detail);

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
