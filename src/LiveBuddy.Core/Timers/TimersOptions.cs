using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Timers;

/// <summary>Recurring chat messages, bound from the <c>Timers</c> configuration section (shipped in <c>config/timers.json</c>).</summary>
public sealed record TimersOptions
{
    /// <summary>The timers; entries without a name or message are ignored.</summary>
    public IReadOnlyList<TimedMessage>? Messages { get; init; }
}

/// <summary>
/// One recurring message. The host schedules it (Quartz) from <see cref="Cron"/> or, when that is empty,
/// <see cref="Interval"/>, and sends <see cref="TimerDue"/>; the message goes out only while live and only in
/// channels with at least <see cref="MinChatLines"/> chat lines since it last went out there.
/// </summary>
public sealed record TimedMessage
{
    /// <summary>Unique name, used by <see cref="TimerDue"/>.</summary>
    public string Name { get; init; } = "";
    /// <summary>Text sent; may use <c>{uptime}</c>, <c>{platform}</c>, <c>{channel}</c>.</summary>
    public string Message { get; init; } = "";
    /// <summary>How often, e.g. <c>00:15:00</c>; used when <see cref="Cron"/> is empty.</summary>
    public TimeSpan? Interval { get; init; }
    /// <summary>Quartz cron expression (seconds first), e.g. <c>0 0/20 * * * ?</c>.</summary>
    public string? Cron { get; init; }
    /// <summary>Chat lines a channel needs since this timer's last message there (counted per platform and channel).</summary>
    public int MinChatLines { get; init; } = 5;
    public bool Enabled { get; init; } = true;
    /// <summary>Only these platforms; null or empty means all.</summary>
    public IReadOnlyList<Platform>? Platforms { get; init; }
}

/// <summary>Sent by the host's scheduled job when a timer is due. Result: <see cref="TimerRun"/> or <see cref="ControlError"/> for an unknown name.</summary>
public sealed record TimerDue(string Name) : ControlRequest;

/// <summary>What a due timer did: where it posted, or why it posted nowhere.</summary>
public sealed record TimerRun(string Name, IReadOnlyList<TimerTarget> PostedTo, string? Skipped = null);

/// <summary>A platform and channel a timer posted to.</summary>
public sealed record TimerTarget(Platform Platform, string Channel);
