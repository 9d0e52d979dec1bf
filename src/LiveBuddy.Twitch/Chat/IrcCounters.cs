using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Twitch.Chat;

/// <summary>What the IRC connection counts, shared by every socket it opens (shown on /healthz).</summary>
internal sealed class IrcCounters(Counters counters)
{
    public Counter Lines { get; } = counters.Get("twitch.irc.lines");
    public Counter Malformed { get; } = counters.Get("twitch.irc.malformed");
    public Counter Ignored { get; } = counters.Get("twitch.irc.ignored");
    public Counter Oversized { get; } = counters.Get("twitch.irc.oversized");
    public Counter InvalidUtf8 { get; } = counters.Get("twitch.irc.invalid_utf8");
    public Counter DeadSockets { get; } = counters.Get("twitch.irc.dead_sockets");
    public Counter Reconnects { get; } = counters.Get("twitch.irc.reconnects");
}
