using System.Globalization;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Import;
using LiveBuddy.Core.Pipeline;

// Not LiveBuddy.Core.Counters: that namespace would hide the pipeline's Counters (metrics) type in every LiveBuddy.* namespace.
namespace LiveBuddy.Core.NamedCounters;

/// <summary>A named counter changed (or was created): store it (upsert by name).</summary>
public sealed record CounterChanged(string Name, long Value, string ChangedBy, DateTimeOffset At) : LiveUpdate;

/// <summary>Set a counter from the control page. Result: the new value (long) or <see cref="ControlError"/>.</summary>
public sealed record SetCounter(string Name, long Value) : ControlRequest;

/// <summary>All counters for the control page. Result: <c>IReadOnlyDictionary&lt;string, long&gt;</c>.</summary>
public sealed record ListCounters : ControlRequest;

/// <summary>
/// Named counters (deaths, wins…): <c>!count deaths</c> shows one, moderators change it with <c>+</c>, <c>-</c>,
/// <c>+ N</c>, <c>- N</c> or <c>= N</c>, and <c>{count:deaths}</c> shows it in custom command and timer responses.
/// Values stay between 0 and <see cref="MaxValue"/>.
/// </summary>
public sealed class CounterBoard(IReadOnlyDictionary<string, long> stored, PermissionLevel manageLevel = PermissionLevel.Moderator)
    : IStreamFeature, IChatCommandHandler
{
    public const long MaxValue = 1_000_000_000_000;

    private readonly Dictionary<string, long> _values = new(stored, StringComparer.Ordinal);

    public IReadOnlyCollection<string> CommandNames { get; } = ["count"];

    /// <summary>The value for <c>{count:name}</c>; null for a counter that does not exist (the variable stays as typed).</summary>
    public long? ValueOf(string name) => _values.TryGetValue(CommandRouter.NormalizeName(name), out var value) ? value : null;

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case SetCounter set:
                var name = CommandRouter.NormalizeName(set.Name);
                if (name.Length == 0 || set.Value is < 0 or > MaxValue)
                {
                    set.Completion.TrySetResult(new ControlError($"Counter names use letters, digits, - and _ (up to 30); values 0 to {MaxValue:N0}."));
                    return;
                }
                Set(name, set.Value, "control", context);
                set.Completion.TrySetResult(set.Value);
                break;
            case ListCounters list:
                list.Completion.TrySetResult(new SortedDictionary<string, long>(_values, StringComparer.Ordinal));
                break;
            case ImportCounters import:
                import.Completion.TrySetResult(Import(import, context));
                break;
        }
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        var args = command.ArgList;
        var me = command.Message.Author.DisplayName;
        var usage = $"@{me} usage: {command.Prefix}count <name> [+|-|= N]";
        if (args.Count == 0) { command.Reply(context, usage); return; }
        var name = CommandRouter.NormalizeName(args[0]);
        if (name.Length == 0) { command.Reply(context, $"@{me} counter names use letters, digits, - and _ (up to 30)."); return; }
        var current = _values.GetValueOrDefault(name);
        if (args.Count == 1)
        {
            command.Reply(context, $"{name}: {current.ToString("N0", CultureInfo.InvariantCulture)}");
            return;
        }
        if (command.Level < manageLevel) return;
        // "+", "-", "+ 3", "+3", "= 10", "=10"
        var change = string.Concat(args.Skip(1));
        var op = change[0];
        var numberText = change[1..];
        long number = 1;
        if (op is not ('+' or '-' or '=')
            || (numberText.Length > 0 && !long.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out number))
            || (op == '=' && numberText.Length == 0) || number > MaxValue)
        {
            command.Reply(context, $"{usage} (N from 0 to {MaxValue.ToString("N0", CultureInfo.InvariantCulture)})");
            return;
        }
        var next = op switch
        {
            '+' => Math.Min(current + number, MaxValue),
            '-' => Math.Max(current - number, 0),
            _ => number,
        };
        Set(name, next, command.Message.Author.Name, context);
        command.Reply(context, $"{name}: {next.ToString("N0", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Adds imported counters whose names are free; a counter that exists keeps its value (never overwritten).</summary>
    private CounterImportResult Import(ImportCounters import, FeatureContext context)
    {
        var added = new List<CounterToImport>();
        var skipped = new List<ImportSkip>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var counter in import.Counters)
        {
            if (_values.ContainsKey(counter.Name) || !seen.Add(counter.Name))
            {
                skipped.Add(new ImportSkip(counter.Label, $"a counter named {counter.Name} already exists"));
                continue;
            }
            added.Add(counter);
        }
        if (!import.DryRun)
            foreach (var counter in added) Set(counter.Name, counter.Value, import.Source, context);
        return new CounterImportResult(import.DryRun, added, skipped);
    }

    private void Set(string name, long value, string by, FeatureContext context)
    {
        _values[name] = value;
        context.Emit(new CounterChanged(name, value, by, context.Now));
    }
}
