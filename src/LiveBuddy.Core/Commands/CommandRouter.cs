using System.Globalization;
using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;

using LiveBuddy.Core.Import;

namespace LiveBuddy.Core.Commands;

/// <summary>
/// Reads the command prefix once per chat line and routes: built-in commands to the feature that owns
/// them (polls, Q&amp;A, moderation), <c>!cmd</c> and <c>!commands</c> here, anything else to custom commands
/// with permission levels and per-command / per-viewer cooldowns. Place it after <see cref="ModerationRules"/>
/// in the pipeline so a line the filters removed runs no command.
/// </summary>
public sealed class CommandRouter : IStreamFeature
{
    private static readonly string[] OwnNames = ["cmd", "commands"];

    private readonly CommandsOptions _options;
    private readonly ModerationRules? _moderation;
    private readonly CounterBoard? _counters;
    private readonly Dictionary<string, IChatCommandHandler> _builtIns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CustomCommand> _custom = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Command, Platform Platform, string Channel), DateTimeOffset> _lastUsed = [];
    private readonly Dictionary<(string Command, Platform Platform, string UserId), DateTimeOffset> _lastUsedBy = [];

    /// <param name="options">Prefix, default cooldowns, who manages commands.</param>
    /// <param name="builtIns">Features that own built-in commands (<see cref="Polls.PollEngine"/>, <see cref="Qa.QaQueue"/>, <see cref="ModerationRules"/>).</param>
    /// <param name="initial">Custom commands from storage merged with the shipped defaults.</param>
    /// <param name="moderation">When given, lines its filters removed run no command.</param>
    /// <param name="counters">When given, responses can show <c>{count:name}</c>.</param>
    public CommandRouter(CommandsOptions options, IEnumerable<IChatCommandHandler> builtIns, IEnumerable<CustomCommand> initial,
        ModerationRules? moderation = null, CounterBoard? counters = null)
    {
        _options = options;
        _moderation = moderation;
        _counters = counters;
        foreach (var handler in builtIns)
            foreach (var name in handler.CommandNames)
                _builtIns[name] = handler;
        foreach (var command in initial)
        {
            var name = NormalizeName(command.Name);
            if (name.Length == 0 || IsReserved(name)) continue;
            _custom[name] = command with { Name = name };
        }
        RebuildAliases();
    }

    public void Handle(PipelineInput input, FeatureContext context)
    {
        if (input is ImportCommands import)
        {
            import.Completion.TrySetResult(Import(import, context));
            return;
        }
        if (input is not ChatMessage chat) return;
        if (!chat.TakesPart) return; // a Shared Chat partner's viewers do not run our commands (or vote and upvote with them)
        if (_moderation?.Removed(chat) == true) return;
        if (ChatCommand.TryParse(chat, _options.Prefix) is not { } command) return;

        if (_builtIns.TryGetValue(command.Name, out var handler))
        {
            handler.HandleCommand(command, context);
            return;
        }
        switch (command.Name)
        {
            case "cmd":
                Manage(command, context);
                return;
            case "commands":
                ListCommands(command, context);
                return;
        }
        var name = _aliases.TryGetValue(command.Name, out var target) ? target : command.Name;
        if (_custom.TryGetValue(name, out var custom)) Run(custom, command, context);
    }

    private void Run(CustomCommand custom, ChatCommand command, FeatureContext context)
    {
        if (command.Level < custom.Level) return;
        var chat = command.Message;
        var now = context.Now;
        var channelKey = (custom.Name, chat.Platform, chat.Channel);
        var userKey = (custom.Name, chat.Platform, chat.Author.Id);
        if (command.Level < _options.CooldownExemptLevel)
        {
            // Silence while cooling down: a reply saying "cooldown" would be the spam the cooldown prevents.
            if (_lastUsed.TryGetValue(channelKey, out var last) && now - last < (custom.Cooldown ?? _options.DefaultCooldown)) return;
            if (_lastUsedBy.TryGetValue(userKey, out var mine) && now - mine < (custom.UserCooldown ?? _options.DefaultUserCooldown)) return;
        }
        _lastUsed[channelKey] = now;
        _lastUsedBy[userKey] = now;
        PruneCooldowns(now);

        var used = custom with { Count = custom.Count + 1 };
        _custom[used.Name] = used;
        var text = ResponseTemplate.Render(used.Response, context, chat.Platform, chat.Channel, chat.Author, command.Args, used.Count, _counters);
        command.Reply(context, Cut(text));
        context.Emit(new CustomCommandChanged(used));
    }

    private void Manage(ChatCommand command, FeatureContext context)
    {
        if (command.Level < _options.ManageLevel) return;
        var p = command.Prefix;
        var args = command.ArgList;
        if (args.Count < 2)
        {
            command.Reply(context, $"Usage: {p}cmd add|edit <name> <response>, {p}cmd del <name>, {p}cmd alias <name> <alias>, {p}cmd level <name> <level>, {p}cmd cooldown <name> <seconds> [per-viewer seconds]");
            return;
        }
        var verb = args[0].ToLowerInvariant();
        var name = NormalizeName(args[1]);
        if (name.Length == 0)
        {
            command.Reply(context, "Command names use letters, digits, - and _ (up to 30).");
            return;
        }
        var rest = RestAfter(command.Args, 2);
        var by = command.Message.Author.Name;
        var existing = _custom.GetValueOrDefault(_aliases.GetValueOrDefault(name, name));
        switch (verb)
        {
            case "add":
                if (IsReserved(name) || _aliases.ContainsKey(name) || existing is not null)
                {
                    command.Reply(context, existing is not null ? $"{p}{name} already exists; use {p}cmd edit." : $"{p}{name} is taken.");
                    return;
                }
                if (rest.Length == 0) { command.Reply(context, $"The command needs a response: {p}cmd add <name> <response>"); return; }
                Save(new CustomCommand { Name = name, Response = rest, UpdatedBy = by, UpdatedAt = context.Now }, context);
                command.Reply(context, $"Added {p}{name}.");
                return;
            case "edit":
                if (existing is null) { command.Reply(context, $"There is no {p}{name}; use {p}cmd add."); return; }
                if (rest.Length == 0) { command.Reply(context, $"The command needs a response: {p}cmd edit <name> <response>"); return; }
                Save(existing with { Response = rest, UpdatedBy = by, UpdatedAt = context.Now }, context);
                command.Reply(context, $"Updated {p}{existing.Name}.");
                return;
            case "del" or "delete" or "remove":
                if (existing is null) { command.Reply(context, $"There is no {p}{name}."); return; }
                _custom.Remove(existing.Name);
                RebuildAliases();
                context.Emit(new CustomCommandRemoved(existing.Name, by, context.Now));
                command.Reply(context, $"Deleted {p}{existing.Name}.");
                return;
            case "alias":
                var alias = NormalizeName(rest);
                if (existing is null) { command.Reply(context, $"There is no {p}{name}."); return; }
                if (alias.Length == 0 || IsReserved(alias) || _custom.ContainsKey(alias) || _aliases.ContainsKey(alias))
                {
                    command.Reply(context, "That alias is not free.");
                    return;
                }
                Save(existing with { Aliases = [.. existing.Aliases, alias], UpdatedBy = by, UpdatedAt = context.Now }, context);
                command.Reply(context, $"{p}{alias} now runs {p}{existing.Name}.");
                return;
            case "level":
                if (existing is null) { command.Reply(context, $"There is no {p}{name}."); return; }
                if (!TryLevel(rest, out var level)) { command.Reply(context, "Levels: everyone, subscriber, vip, moderator, broadcaster."); return; }
                Save(existing with { Level = level, UpdatedBy = by, UpdatedAt = context.Now }, context);
                command.Reply(context, $"{p}{existing.Name} is now for {rest.Trim().ToLowerInvariant()}.");
                return;
            case "cooldown":
                if (existing is null) { command.Reply(context, $"There is no {p}{name}."); return; }
                var numbers = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var perUser = existing.UserCooldown ?? _options.DefaultUserCooldown;
                if (numbers.Length is < 1 or > 2 || !TrySeconds(numbers[0], out var global)
                    || (numbers.Length == 2 && !TrySeconds(numbers[1], out perUser)))
                {
                    command.Reply(context, $"Usage: {p}cmd cooldown <name> <seconds> [per-viewer seconds]");
                    return;
                }
                Save(existing with { Cooldown = global, UserCooldown = perUser, UpdatedBy = by, UpdatedAt = context.Now }, context);
                command.Reply(context, $"{p}{existing.Name} cooldown set.");
                return;
            default:
                command.Reply(context, $"Usage: {p}cmd add|edit|del|alias|level|cooldown <name> …");
                return;
        }
    }

    /// <summary>Adds imported commands whose names are free; a name in use (built-in, custom, alias) is skipped, never overwritten.</summary>
    private ImportResult Import(ImportCommands import, FeatureContext context)
    {
        var added = new List<CustomCommand>();
        var skipped = new List<ImportSkip>(import.Skipped);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in import.Commands)
        {
            if (IsCommand(command.Name) || !seen.Add(command.Name))
            {
                skipped.Add(new ImportSkip(command.Name, "a command with that name already exists"));
                continue;
            }
            added.Add(command);
            if (!import.DryRun) Save(command, context);
        }
        return new ImportResult(import.DryRun, added, skipped);
    }

    private void ListCommands(ChatCommand command, FeatureContext context)
    {
        var key = ("commands", command.Message.Platform, command.Message.Channel);
        if (command.Level < _options.CooldownExemptLevel && _lastUsed.TryGetValue(key, out var last) && context.Now - last < _options.DefaultCooldown) return;
        _lastUsed[key] = context.Now;
        var names = _custom.Values.Where(c => command.Level >= c.Level).Select(c => _options.Prefix + c.Name)
            .Order(StringComparer.Ordinal).ToArray();
        command.Reply(context, names.Length == 0 ? "No custom commands yet." : Cut("Commands: " + string.Join(" ", names)));
    }

    private void Save(CustomCommand command, FeatureContext context)
    {
        _custom[command.Name] = command;
        RebuildAliases();
        context.Emit(new CustomCommandChanged(command));
    }

    private void RebuildAliases()
    {
        _aliases.Clear();
        foreach (var command in _custom.Values)
            foreach (var alias in command.Aliases)
                if (!_custom.ContainsKey(alias) && !IsReserved(alias)) _aliases[alias] = command.Name;
    }

    private void PruneCooldowns(DateTimeOffset now)
    {
        // Bounded memory on a long stream: entries older than any sensible cooldown are forgotten.
        if (_lastUsedBy.Count < 10_000) return;
        foreach (var key in _lastUsedBy.Where(e => now - e.Value > TimeSpan.FromHours(1)).Select(e => e.Key).ToArray())
            _lastUsedBy.Remove(key);
    }

    /// <summary>True when <paramref name="name"/> (lower-case, no prefix) runs a built-in or custom command or alias.</summary>
    public bool IsCommand(string name) => IsReserved(name) || _custom.ContainsKey(name) || _aliases.ContainsKey(name);

    private bool IsReserved(string name) => _builtIns.ContainsKey(name) || OwnNames.Contains(name, StringComparer.Ordinal);

    private string Cut(string text) =>
        text.Length <= _options.MaxResponseLength ? text : string.Concat(text.AsSpan(0, _options.MaxResponseLength - 1), "…");

    /// <summary>Lower-case name without prefix; empty when it has other characters than letters, digits, - and _.</summary>
    internal static string NormalizeName(string name)
    {
        var trimmed = name.Trim().TrimStart('!').ToLowerInvariant();
        if (trimmed.Length is 0 or > 30) return "";
        foreach (var c in trimmed)
            if (!char.IsLetterOrDigit(c) && c is not '_' and not '-') return "";
        return trimmed;
    }

    private static string RestAfter(string args, int words)
    {
        var span = args.AsSpan().Trim();
        for (var i = 0; i < words && span.Length > 0; i++)
        {
            var space = span.IndexOfAny(' ', '\t');
            span = space < 0 ? [] : span[(space + 1)..].TrimStart();
        }
        return span.Trim().ToString();
    }

    private static bool TryLevel(string text, out PermissionLevel level)
    {
        var t = text.Trim();
        if (t.Equals("member", StringComparison.OrdinalIgnoreCase) || t.Equals("sub", StringComparison.OrdinalIgnoreCase))
            t = nameof(PermissionLevel.Subscriber);
        if (t.Equals("mod", StringComparison.OrdinalIgnoreCase)) t = nameof(PermissionLevel.Moderator);
        return Enum.TryParse(t, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(t, CultureInfo.InvariantCulture, out _);
    }

    private static bool TrySeconds(string text, out TimeSpan span)
    {
        span = default;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 86_400) return false;
        span = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
