using System.Text;

namespace LiveBuddy.Obs.Rules;

/// <summary>
/// Decides which <see cref="ObsRule"/>s a trigger fires, keeping each rule's cooldown. No I/O: <see cref="ObsActions"/>
/// carries the chosen ones out.
/// </summary>
public sealed class RuleBook(IReadOnlyList<ObsRule> rules, TimeProvider time)
{
    private readonly DateTimeOffset?[] _lastFired = new DateTimeOffset?[rules.Count];

    public IReadOnlyList<ObsRule> Rules => rules;

    /// <summary>The rules <paramref name="trigger"/> fires now; their cooldowns start.</summary>
    public IReadOnlyList<ObsRule> Fire(RuleTrigger trigger)
    {
        var now = time.GetUtcNow();
        var fired = new List<ObsRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!Matches(rule, trigger)) continue;
            if (_lastFired[i] is { } last && now - last < rule.Cooldown) continue;
            _lastFired[i] = now;
            fired.Add(rule);
        }
        return fired;
    }

    private static bool Matches(ObsRule rule, RuleTrigger trigger)
    {
        if (!string.Equals(rule.On, trigger.On, StringComparison.OrdinalIgnoreCase)) return false;
        var wanted = trigger.On.Equals("command", StringComparison.OrdinalIgnoreCase) ? rule.Command : rule.Kind;
        if (!string.IsNullOrEmpty(wanted) && !string.Equals(wanted.TrimStart('!'), trigger.Kind, StringComparison.OrdinalIgnoreCase)) return false;
        return rule.MinAmount <= 0 || (trigger.Amount ?? 0) >= rule.MinAmount;
    }

    /// <summary>Fills <c>{name}</c> placeholders from the trigger; unknown ones stay as written.</summary>
    public static string FillText(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder(template);
        foreach (var (name, value) in values) text.Replace("{" + name + "}", value);
        return text.ToString();
    }
}
