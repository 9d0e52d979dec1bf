namespace LiveBuddy.Obs.Rules;

/// <summary>
/// One line of <c>Obs:Rules</c>: when <see cref="On"/> happens (optionally only for <see cref="Kind"/>, from
/// <see cref="MinAmount"/>, or for <see cref="Command"/>), do <see cref="Action"/> in OBS, at most once per
/// <see cref="Cooldown"/>.
/// </summary>
public sealed record ObsRule
{
    /// <summary><c>raid</c>, <c>alert</c>, <c>moment</c>, <c>poll</c> (a poll opening) or <c>command</c>.</summary>
    public string On { get; init; } = "";

    /// <summary>For <c>alert</c>: the alert kind (<c>bits</c>, <c>superChat</c>, <c>tip</c>…); for <c>moment</c>: <c>hype</c>, <c>funny</c>…; empty: any.</summary>
    public string? Kind { get; init; }

    /// <summary>For <c>alert</c> and <c>raid</c>: the smallest amount (money, bits) or count (raid viewers, gifts) that fires the rule.</summary>
    public decimal MinAmount { get; init; }

    /// <summary>For <c>command</c>: the chat command without its prefix (<c>brb</c> for <c>!brb</c>); moderators and the broadcaster only.</summary>
    public string? Command { get; init; }

    /// <summary><c>scene</c> (switch to <see cref="Scene"/>), <c>showSource</c> / <c>hideSource</c> (<see cref="Source"/> in <see cref="Scene"/>), <c>text</c> (set text source <see cref="Source"/> to <see cref="Text"/>).</summary>
    public string Action { get; init; } = "";

    public string? Scene { get; init; }

    public string? Source { get; init; }

    /// <summary>For <c>text</c>: the text, with <c>{user}</c>, <c>{amount}</c>, <c>{currency}</c>, <c>{count}</c>, <c>{kind}</c>, <c>{reason}</c>, <c>{question}</c>, <c>{args}</c> filled in.</summary>
    public string? Text { get; init; }

    /// <summary>For <c>showSource</c> / <c>hideSource</c>: put the source back after this many seconds (0: leave it).</summary>
    public double Seconds { get; init; }

    /// <summary>The rule fires at most once in this time.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>Something that happened in LiveBuddy that a rule may act on.</summary>
/// <param name="On"><c>raid</c>, <c>alert</c>, <c>moment</c>, <c>poll</c> or <c>command</c>.</param>
/// <param name="Kind">Alert kind, moment kind, or the command name.</param>
/// <param name="Amount">Money, bits, raid viewers or gift count.</param>
/// <param name="Values">What a text action may show: user, amount, currency, count, kind, reason, question, args.</param>
public sealed record RuleTrigger(string On, string? Kind, decimal? Amount, IReadOnlyDictionary<string, string> Values);
