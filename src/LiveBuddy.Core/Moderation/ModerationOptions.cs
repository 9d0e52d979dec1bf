using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Moderation;

/// <summary>
/// Automatic chat filters and moderator commands, bound from the <c>Moderation</c> configuration section.
/// Lists are null by default (the built-in default applies) because configuration binding appends to a
/// pre-filled list instead of replacing it.
/// </summary>
public sealed record ModerationOptions
{
    /// <summary>Master switch for the automatic filters (moderator commands keep working).</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>VIPs skip the filters. Moderators and the broadcaster always do.</summary>
    public bool ExemptVips { get; init; } = true;
    /// <summary>Subscribers and YouTube members skip the filters.</summary>
    public bool ExemptSubscribers { get; init; }

    /// <summary>Remove links unless the viewer has a <c>!permit</c> or the domain is allowed.</summary>
    public bool Links { get; init; } = true;
    /// <summary>How long <c>!permit &lt;user&gt;</c> lets a viewer post links.</summary>
    public TimeSpan PermitDuration { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Domains (and their subdomains) always allowed, e.g. <c>clips.twitch.tv</c>. Default: none.</summary>
    public IReadOnlyList<string>? AllowedDomains { get; init; }

    /// <summary>Remove messages that are mostly capital letters.</summary>
    public bool Caps { get; init; } = true;
    /// <summary>Messages with fewer letters than this are never caps violations ("GG", "LETS GO").</summary>
    public int CapsMinLetters { get; init; } = 15;
    /// <summary>Share of capital letters (0..1) above which a message is shouting.</summary>
    public double CapsMaxRatio { get; init; } = 0.7;

    /// <summary>Remove messages that are mostly symbols.</summary>
    public bool Symbols { get; init; } = true;
    /// <summary>Messages shorter than this (characters, spaces excluded) are never symbol violations.</summary>
    public int SymbolsMinLength { get; init; } = 12;
    /// <summary>Share of symbols (0..1) above which a message is symbol spam.</summary>
    public double SymbolsMaxRatio { get; init; } = 0.5;

    /// <summary>Remove the same text sent again and again by one viewer.</summary>
    public bool Repetition { get; init; } = true;
    /// <summary>The Nth copy of the same text within <see cref="RepeatWindow"/> is removed.</summary>
    public int RepeatCount { get; init; } = 3;
    public TimeSpan RepeatWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Remove messages from a viewer sending too many too fast.</summary>
    public bool Flood { get; init; } = true;
    /// <summary>More than this many messages within <see cref="FloodWindow"/> is flooding.</summary>
    public int FloodMessages { get; init; } = 6;
    public TimeSpan FloodWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Words or phrases removed wherever they appear as whole words (case-insensitive).</summary>
    public IReadOnlyList<string>? BannedWords { get; init; }
    /// <summary>Regular expressions (case-insensitive; patterns with look-arounds or back-references get a 200 ms match limit); invalid ones are skipped and listed in <see cref="WordFilter.InvalidPatterns"/>.</summary>
    public IReadOnlyList<string>? BannedPatterns { get; init; }

    /// <summary>Remove messages the toxicity model flags.</summary>
    public bool Toxicity { get; init; } = true;
    /// <summary>Null: trust the model's own toxic flag. A number (0..1): remove when the toxicity score reaches it.</summary>
    public float? ToxicityThreshold { get; init; }

    /// <summary>
    /// What each further violation by one viewer costs: <c>00:00:00</c> is a warning, anything else a timeout
    /// of that length; past the end the last step repeats. Default: warn, 1 minute, 10 minutes.
    /// </summary>
    public IReadOnlyList<TimeSpan>? Ladder { get; init; }
    /// <summary>A viewer with no violation for this long starts the ladder again.</summary>
    public TimeSpan ForgiveAfter { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Also tell the viewer in chat why their message went.</summary>
    public bool ExplainInChat { get; init; } = true;
    /// <summary>At most this many explanations per channel in any 30 seconds, so a spam wave does not make the bot spam too.</summary>
    public int ExplanationsPer30Seconds { get; init; } = 5;

    /// <summary>Who may use <c>!timeout</c>, <c>!ban</c>, <c>!unban</c> and <c>!permit</c>.</summary>
    public PermissionLevel CommandLevel { get; init; } = PermissionLevel.Moderator;
    /// <summary>How long a chatter stays known as a target for moderator commands after their last line.</summary>
    public TimeSpan RememberChatters { get; init; } = TimeSpan.FromHours(6);

    internal static IReadOnlyList<TimeSpan> DefaultLadder { get; } = [TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)];
}
