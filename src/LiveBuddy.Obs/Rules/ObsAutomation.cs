using System.Globalization;
using System.Threading.Channels;
using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Obs.Connection;
using LiveBuddy.Obs.Moments;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Obs.Rules;

/// <summary>
/// Watches the pipeline (as a sink: it only enqueues, never blocks) for what <c>Obs:Rules</c> act on — raids, alerts,
/// poll openings, moderators' commands — and for <c>!replay</c>, then runs the rules' OBS actions and saves replays
/// off the pipeline thread.
/// </summary>
public sealed partial class ObsAutomation : IPipelineSink
{
    private readonly RuleBook _rules;
    private readonly ObsActions _actions;
    private readonly ReplaySaver _replays;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<ChatReply, CancellationToken, ValueTask> _reply;
    private readonly Func<SavedReplay, CancellationToken, ValueTask> _record;
    private readonly Channel<Work> _work = Channel.CreateBounded<Work>(new BoundedChannelOptions(256)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: dropped and logged
    });
    private readonly HashSet<string> _openedPolls = new(StringComparer.Ordinal);
    private SessionInfo? _session;

    // prefix: the chat command prefix (Commands:Prefix); reply: sends the answer to !replay; record: keeps a saved
    // replay for the session's report.
    public ObsAutomation(RuleBook rules, ObsActions actions, ReplaySaver replays, string prefix, TimeProvider time, ILogger<ObsAutomation> logger,
        Func<ChatReply, CancellationToken, ValueTask> reply, Func<SavedReplay, CancellationToken, ValueTask> record)
    {
        _rules = rules;
        _actions = actions;
        _replays = replays;
        _prefix = prefix;
        _time = time;
        _logger = logger;
        _reply = reply;
        _record = record;
    }

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
        _session = session;
        if (streamEvent is not ChatMessage chat || !chat.Text.StartsWith(_prefix, StringComparison.Ordinal)) return;
        if (chat.Author.Roles.Level() < PermissionLevel.Moderator) return;
        var words = chat.Text[_prefix.Length..].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return;
        var name = words[0].ToLowerInvariant();
        if (name == "replay")
        {
            Enqueue(new ReplayCommand(chat, session?.Id));
            return;
        }
        Enqueue(new Trigger(new RuleTrigger("command", name, null, new Dictionary<string, string>
        {
            ["user"] = chat.Author.DisplayName,
            ["args"] = words.Length > 1 ? words[1] : "",
        })));
    }

    public void OnUpdate(LiveUpdate update)
    {
        switch (update)
        {
            case AlertAnnounced { Alert: { Test: false, Replay: false } alert }:
                var values = new Dictionary<string, string>
                {
                    ["user"] = alert.Author ?? "",
                    ["kind"] = alert.Kind,
                    ["amount"] = alert.Amount?.ToString("0.##", CultureInfo.InvariantCulture) ?? "",
                    ["currency"] = alert.Currency ?? "",
                    ["count"] = alert.Count?.ToString(CultureInfo.InvariantCulture) ?? "",
                };
                var size = alert.Amount ?? alert.Count;
                if (alert.Kind == "raid") Enqueue(new Trigger(new RuleTrigger("raid", null, alert.Count, values)));
                Enqueue(new Trigger(new RuleTrigger("alert", alert.Kind, size, values)));
                break;
            case PollChanged { Poll: { Status: "open" } poll } when _openedPolls.Add(poll.Id):
                Enqueue(new Trigger(new RuleTrigger("poll", null, null, new Dictionary<string, string> { ["question"] = poll.Question })));
                break;
            case SessionStarted started:
                _session = started.Session;
                break;
        }
    }

    /// <summary>
    /// A moment chat just had: fires <c>moment</c> rules and, when <see cref="ObsOptions.SaveReplayOnMoment"/>, saves
    /// the replay buffer. Called from the moment feed's own reader, so it may wait for OBS.
    /// </summary>
    public async Task<ReplayResult?> OnMomentAsync(string momentId, string kind, string reason, string? sessionId, bool saveReplay,
        CancellationToken cancellationToken)
    {
        await RunRulesAsync(new RuleTrigger("moment", kind, null, new Dictionary<string, string> { ["kind"] = kind, ["reason"] = reason }),
            cancellationToken).ConfigureAwait(false);
        if (!saveReplay) return null;
        var result = await _replays.SaveAsync($"a {kind} moment", cancellationToken).ConfigureAwait(false);
        // A failed save is recorded too, so the report shows the streamer which moments have no clip, and why.
        await _record(new SavedReplay(result.Path, _time.GetUtcNow(), sessionId, momentId, kind, reason, result.Reason), cancellationToken)
            .ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs queued rule actions and <c>!replay</c> commands until stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (work)
                {
                    case Trigger trigger:
                        await RunRulesAsync(trigger.What, cancellationToken).ConfigureAwait(false);
                        break;
                    case ReplayCommand command:
                        await ReplayAsync(command, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunRulesAsync(RuleTrigger trigger, CancellationToken cancellationToken)
    {
        foreach (var rule in _rules.Fire(trigger))
        {
            try
            {
                await _actions.RunAsync(rule, trigger, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogRuleFailed(rule.Action, rule.On, ex.Message);
            }
        }
    }

    private async Task ReplayAsync(ReplayCommand command, CancellationToken cancellationToken)
    {
        var chat = command.Chat;
        var result = await _replays.SaveAsync($"!replay by {chat.Author.Name}", cancellationToken).ConfigureAwait(false);
        await _record(new SavedReplay(result.Path, _time.GetUtcNow(), command.SessionId, null, "replay", "!replay by " + chat.Author.DisplayName,
            result.Reason), cancellationToken).ConfigureAwait(false);
        var text = result.Saved ? "Replay saved." : "No replay saved: " + result.Reason + ".";
        await _reply(new ChatReply(chat.Platform, chat.Channel, text, chat.Id), cancellationToken).ConfigureAwait(false);
    }

    private void Enqueue(Work work)
    {
        if (!_work.Writer.TryWrite(work)) LogDropped(work.GetType().Name);
    }

    private abstract record Work;
    private sealed record Trigger(RuleTrigger What) : Work;
    private sealed record ReplayCommand(ChatMessage Chat, string? SessionId) : Work;

    [LoggerMessage(Level = LogLevel.Warning, Message = "OBS rule {Action} on {On} failed: {Reason}")]
    private partial void LogRuleFailed(string action, string on, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OBS automation is behind; dropped a {Work}")]
    private partial void LogDropped(string work);
}
