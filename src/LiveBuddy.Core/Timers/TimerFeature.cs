using LiveBuddy.Core.Commands;
using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Timers;

/// <summary>
/// Posts recurring messages when the host says a timer is due: only while a session is live, and only in
/// channels where chat moved enough since the timer last posted there. Lines are counted per platform and
/// channel, so a busy Twitch chat never makes a timer talk into a quiet YouTube chat.
/// </summary>
public sealed class TimerFeature : IStreamFeature
{
    private readonly Dictionary<string, TimedMessage> _timers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<(Platform Platform, string Channel), int>> _lines = new(StringComparer.OrdinalIgnoreCase);
    private readonly CounterBoard? _counters;
    private string? _sessionId;

    /// <param name="options">The timers.</param>
    /// <param name="counters">When given, messages can show <c>{count:name}</c>.</param>
    public TimerFeature(TimersOptions options, CounterBoard? counters = null)
    {
        _counters = counters;
        foreach (var timer in options.Messages ?? [])
        {
            if (string.IsNullOrWhiteSpace(timer.Name) || string.IsNullOrWhiteSpace(timer.Message)) continue;
            _timers[timer.Name.Trim()] = timer;
            _lines[timer.Name.Trim()] = [];
        }
    }

    /// <summary>The valid timers, for the host to schedule.</summary>
    public IReadOnlyCollection<TimedMessage> Timers => _timers.Values;

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case ChatMessage chat:
                StartOfSession(context);
                if (!chat.TakesPart) break; // a partner channel's chatter does not make our timers due
                foreach (var (name, timer) in _timers)
                {
                    if (!Applies(timer, chat.Platform)) continue;
                    var lines = _lines[name];
                    lines[(chat.Platform, chat.Channel)] = lines.GetValueOrDefault((chat.Platform, chat.Channel)) + 1;
                }
                break;
            case TimerDue due:
                due.Completion.TrySetResult(Run(due.Name, context));
                break;
        }
    }

    private object Run(string name, FeatureContext context)
    {
        if (!_timers.TryGetValue(name, out var timer)) return new ControlError($"No timer named {name}.");
        if (!timer.Enabled) return new TimerRun(timer.Name, [], "disabled");
        if (context.Session is null) return new TimerRun(timer.Name, [], "not live");
        StartOfSession(context);

        var lines = _lines[timer.Name];
        var posted = new List<TimerTarget>();
        foreach (var ((platform, channel), count) in lines.OrderBy(l => l.Key.Platform).ThenBy(l => l.Key.Channel, StringComparer.Ordinal))
        {
            if (count < timer.MinChatLines) continue;
            var text = ResponseTemplate.Render(timer.Message, context, platform, channel, counters: _counters);
            context.Emit(new ChatReply(platform, channel, text));
            posted.Add(new TimerTarget(platform, channel));
        }
        foreach (var target in posted) lines[(target.Platform, target.Channel)] = 0;
        return new TimerRun(timer.Name, posted, posted.Count == 0 ? "not enough chat" : null);
    }

    /// <summary>Lines from an earlier stream do not count towards this one.</summary>
    private void StartOfSession(FeatureContext context)
    {
        var id = context.Session?.Id;
        if (id is null || string.Equals(id, _sessionId, StringComparison.Ordinal)) return;
        _sessionId = id;
        foreach (var lines in _lines.Values) lines.Clear();
    }

    private static bool Applies(TimedMessage timer, Platform platform) =>
        timer.Enabled && (timer.Platforms is not { Count: > 0 } platforms || platforms.Contains(platform));
}
