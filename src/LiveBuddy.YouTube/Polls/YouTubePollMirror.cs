using System.Globalization;
using Google;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Sources;
using LiveBuddy.YouTube.Api;
using LiveBuddy.YouTube.Chat;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.YouTube.Polls;

/// <summary>
/// Native YouTube polls for LiveBuddy polls: when a poll opens (<c>!poll</c> or the control page) and LiveBuddy is
/// signed in as the owner of the chat it reads, the same poll opens in YouTube's chat (<c>liveChatMessages.insert</c>
/// with a <c>pollEvent</c>); its running tallies (the pages' <c>activePollItem</c>) flow back into the LiveBuddy poll,
/// and at our deadline it is closed (<c>liveChatMessages.transition</c> to <c>closed</c>) with its final tallies.
/// When it cannot be mirrored (more than 4 options, too long, not the owner, no quota, YouTube refused) the chat poll
/// runs alone and the reason shows on the control page and /healthz as the <c>youtube-poll</c> source.
/// </summary>
internal sealed partial class YouTubePollMirror(
    YouTubeConnection connection,
    QuotaBudget budget,
    EventIngress ingress,
    Counters counters,
    SourceStatusBoard board,
    ILogger<YouTubePollMirror> logger) : IPipelineSink
{
    public const string SourceName = "youtube-poll";
    // From liveChatMessages.insert's reference page.
    public const int MinOptions = 2, MaxOptions = 4, MaxQuestionLength = 100, MaxOptionLength = 35;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _ownedChats = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _order = new(1, 1); // open, tallies and close of one poll happen in order
    private Mirrored? _current;

    private sealed record Mirrored(string PollId, string LiveChatId, string MessageId)
    {
        public bool Closed { get; set; }
    }

    /// <summary>The reader tells which chats it reads that belong to the signed-in channel (found by liveBroadcasts.list mine).</summary>
    public void SetOwnedChats(IEnumerable<string> liveChatIds)
    {
        lock (_lock)
        {
            _ownedChats.Clear();
            _ownedChats.UnionWith(liveChatIds);
        }
    }

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        // The API is I/O: never on the pipeline thread.
        switch (update)
        {
            case PollOpened opened:
                _ = Task.Run(() => OpenAsync(opened.Poll), CancellationToken.None);
                break;
            case PollChanged { Poll.Status: "closed" or "cancelled" } changed:
                _ = Task.Run(() => CloseAsync(changed.Poll.Id), CancellationToken.None);
                break;
        }
    }

    /// <summary>
    /// A page showed a native poll (the page's <c>activePollItem</c> or a <c>pollEvent</c>): if it is ours, its
    /// tallies go to the LiveBuddy poll. Called by the reader for every poll item it sees.
    /// </summary>
    public async ValueTask ObserveAsync(LiveChatMessage item, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is null || !string.Equals(item.Id, current.MessageId, StringComparison.Ordinal)) return;
        if (Tallies(item) is { } tallies)
            await ingress.PublishAsync(new NativePollTally(current.PollId, Platform.YouTube, tallies), cancellationToken).ConfigureAwait(false);
    }

    internal async Task OpenAsync(PollPayload poll)
    {
        await _order.WaitAsync().ConfigureAwait(false);
        try
        {
            var why = await TryOpenAsync(poll).ConfigureAwait(false);
            if (why is null) return;
            counters.Add("youtube.poll_mirror.not_mirrored");
            board.Report(SourceName, SourceState.Idle, "chat poll only, not mirrored on YouTube: " + why);
            LogNotMirrored(poll.Id, why);
        }
        finally
        {
            _order.Release();
        }
    }

    /// <summary>Opens the native poll; returns why not, or null when it is open.</summary>
    private async Task<string?> TryOpenAsync(PollPayload poll)
    {
        var options = poll.Options.Select(o => o.Text).ToList();
        if (options.Count is < MinOptions or > MaxOptions)
            return $"YouTube polls take {MinOptions}–{MaxOptions} options; this one has {options.Count}";
        if (poll.Question.Length > MaxQuestionLength)
            return $"the question is {poll.Question.Length} characters; YouTube takes up to {MaxQuestionLength}";
        if (options.FirstOrDefault(o => o.Length > MaxOptionLength) is { } longOption)
            return $"the option \"{longOption}\" is longer than YouTube's {MaxOptionLength} characters";
        var (mode, api) = await connection.GetAsync(CancellationToken.None).ConfigureAwait(false);
        string? chat;
        lock (_lock) chat = _ownedChats.FirstOrDefault();
        if (mode != YouTubeMode.OAuth || api is null || chat is null)
            return "LiveBuddy is not signed in as the owner of a live YouTube chat (sign in with the channel's account)";
        if (!budget.TryChargeWrite(QuotaCost.Write))
            return $"not enough YouTube quota left today ({budget.Left} units; a poll costs {QuotaCost.Write} to open and {QuotaCost.Write} to close)";
        try
        {
            var created = await api.InsertPoll(chat, poll.Question, options).ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
            if (created.Id is not { Length: > 0 } messageId) return "YouTube did not return the poll's id";
            _current = new Mirrored(poll.Id, chat, messageId);
            counters.Add("youtube.poll_mirror.opened");
            board.Report(SourceName, SourceState.Connected, $"mirrored as a YouTube poll in chat {chat}; YouTube's votes count toward the result");
            LogMirrored(poll.Id, chat);
            return null;
        }
        catch (GoogleApiException ex)
        {
            var reason = ex.Error?.Errors?.FirstOrDefault()?.Reason ?? ex.HttpStatusCode.ToString();
            if (string.Equals(reason, "quotaExceeded", StringComparison.Ordinal)) budget.MarkExceeded();
            return $"YouTube refused the poll ({reason}: {ex.Error?.Message})";
        }
        catch (HttpRequestException)
        {
            return "YouTube could not be reached";
        }
    }

    internal async Task CloseAsync(string pollId)
    {
        await _order.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = _current;
            if (current is null || current.Closed || !string.Equals(current.PollId, pollId, StringComparison.Ordinal)) return;
            current.Closed = true;
            var (_, api) = await connection.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (api is null || !budget.TryChargeWrite(QuotaCost.Write))
            {
                board.Report(SourceName, SourceState.Failed, "the YouTube poll could not be closed (no quota or signed out): close it in YouTube Studio");
                return;
            }
            try
            {
                var closed = await api.ClosePoll(current.MessageId).ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
                counters.Add("youtube.poll_mirror.closed");
                if (Tallies(closed) is { } final)
                    await ingress.PublishAsync(new NativePollTally(current.PollId, Platform.YouTube, final)).ConfigureAwait(false);
                board.Report(SourceName, SourceState.Idle, "the YouTube poll closed with ours");
                LogClosed(current.PollId);
            }
            catch (GoogleApiException ex)
            {
                counters.Add("youtube.poll_mirror.failed");
                board.Report(SourceName, SourceState.Failed, $"the YouTube poll could not be closed ({ex.Error?.Message}): close it in YouTube Studio");
                LogCloseFailed(ex, current.PollId);
            }
        }
        finally
        {
            _order.Release();
        }
    }

    private static List<long>? Tallies(LiveChatMessage item)
    {
        var options = item.Snippet?.PollDetails?.Metadata?.Options;
        if (options is null) return null;
        var tallies = new List<long>(options.Count);
        foreach (var option in options)
            tallies.Add(long.TryParse(option.Tally, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
        return tallies;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} mirrored as a native YouTube poll in chat {LiveChatId}")]
    private partial void LogMirrored(string pollId, string liveChatId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} runs in chat only on YouTube: {Why}")]
    private partial void LogNotMirrored(string pollId, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Native YouTube poll for poll {PollId} closed")]
    private partial void LogClosed(string pollId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Native YouTube poll for poll {PollId} could not be closed")]
    private partial void LogCloseFailed(Exception ex, string pollId);
}
