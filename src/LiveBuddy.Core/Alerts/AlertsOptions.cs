namespace LiveBuddy.Core.Alerts;

/// <summary>Alert rules, bound from the <c>Alerts</c> configuration section.</summary>
public sealed record AlertsOptions
{
    /// <summary>
    /// How long a <c>DedupeKey</c> (and a gift bomb id) is remembered. Within it, another connection reporting
    /// the same event is folded; after it, the key counts as new.
    /// </summary>
    public TimeSpan DedupeWindow { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>
    /// Per kind (payload name: <c>follow</c>, <c>subscription</c>, <c>bits</c>, <c>superChat</c>…): on/off and minimum amount.
    /// Kinds not listed are shown with no minimum.
    /// </summary>
    public Dictionary<string, AlertRule> Kinds { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Blank alert messages that hit the banned words/patterns or that the toxicity model flags.</summary>
    public bool FilterMessages { get; init; } = true;
    /// <summary>Longer alert messages are cut.</summary>
    public int MaxMessageLength { get; init; } = 300;
    /// <summary>Alerts kept for the snapshot and for replay from the control page.</summary>
    public int Recent { get; init; } = 50;
}

/// <summary>Whether an alert kind is shown and from which amount (<c>Amount</c> for money and bits, else <c>Count</c>).</summary>
public sealed record AlertRule
{
    public bool Enabled { get; init; } = true;
    /// <summary>Smaller alerts are not shown: e.g. 100 for bits, 5 for a Super Chat (in its own currency), 10 for raids.</summary>
    public decimal MinAmount { get; init; }
}
