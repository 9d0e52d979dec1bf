using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Moderation;

/// <summary>
/// Automatic filters (links, caps, symbols, repetition, flood, banned words and patterns, toxicity) with an
/// escalation ladder per viewer, and the moderator commands <c>!timeout</c>, <c>!ban</c>, <c>!unban</c>,
/// <c>!permit</c>. Every action is a <see cref="ModerationRequest"/>, which is also the log record.
/// </summary>
public sealed partial class ModerationRules : IStreamFeature, IChatCommandHandler
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(14); // Twitch's limit; YouTube allows less, its executor clamps

    private readonly ModerationOptions _options;
    private readonly WordFilter _words;
    private readonly IReadOnlyList<TimeSpan> _ladder;
    private readonly string[] _allowedDomains;
    // Each chatter's recent lines as fingerprints of their normalized text: a busy chat keeps every line of the last
    // 30 s here, and as strings that was a million live objects in a flood for the GC to walk through.
    private const int HistoryCapacity = 8;
    private readonly Dictionary<(Platform, string), Queue<(DateTimeOffset At, ulong Text)>> _history = [];
    private readonly Dictionary<(Platform, string), (int Count, DateTimeOffset Last)> _strikes = [];
    private readonly Dictionary<(Platform, string), DateTimeOffset> _permits = [];
    private readonly Dictionary<(Platform, string), (Author Author, DateTimeOffset Seen)> _chatters = [];
    private readonly Dictionary<(Platform, string), DateTimeOffset> _timedOutUntil = [];
    private readonly Dictionary<(Platform, string), Queue<DateTimeOffset>> _explanations = [];
    private EventKey? _lastRemoved;
    private DateTimeOffset _lastPrune;

    public ModerationRules(ModerationOptions options, WordFilter? words = null)
    {
        _options = options;
        _words = words ?? WordFilter.From(options);
        _ladder = options.Ladder is { Count: > 0 } ladder ? ladder : ModerationOptions.DefaultLadder;
        _allowedDomains = (options.AllowedDomains ?? []).Select(d => d.Trim().TrimStart('.').ToLowerInvariant()).Where(d => d.Length > 0).ToArray();
    }

    public IReadOnlyCollection<string> CommandNames { get; } = ["timeout", "ban", "unban", "permit"];

    /// <summary>True when the filters removed this message; later features (commands, votes) ignore it.</summary>
    public bool Removed(ChatMessage message) => _lastRemoved == message.Key;

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case ChatMessage chat:
                Remember(chat.Author, chat.Platform, context.Now);
                if (_options.Enabled && chat.TakesPart && !IsExempt(chat.Author.Roles) && Violation(chat, context.Now) is { } violation)
                    Punish(chat, violation.Filter, violation.Reason, context);
                break;
            case UserCleared cleared:
                Remember(cleared.Target, cleared.Platform, context.Now); // so !unban finds someone banned elsewhere
                break;
            case Tick:
                if (context.Now - _lastPrune >= TimeSpan.FromMinutes(1)) Prune(context.Now);
                break;
        }
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        if (command.Level < _options.CommandLevel) return;
        var args = command.ArgList;
        if (args.Count == 0 || args[0].TrimStart('@').Length == 0)
        {
            command.Reply(context, command.Name switch
            {
                "timeout" => $"Usage: {command.Prefix}timeout <user> <seconds> [reason]",
                "ban" => $"Usage: {command.Prefix}ban <user> [reason]",
                "unban" => $"Usage: {command.Prefix}unban <user>",
                _ => $"Usage: {command.Prefix}permit <user>",
            });
            return;
        }
        var chat = command.Message;
        var (found, name, words) = Resolve(chat.Platform, args);
        if (command.Name == "permit")
        {
            var until = context.Now + _options.PermitDuration;
            _permits[(chat.Platform, name)] = until;
            if (found is not null) _permits[(chat.Platform, NameKey(found.Name))] = until;
            command.Reply(context, $"@{found?.DisplayName ?? name} may post a link for the next {DurationText.Describe(_options.PermitDuration)}.");
            return;
        }

        if (found is not { } target)
        {
            command.Reply(context, $"I have not seen {name} in this chat recently.");
            return;
        }
        if (command.Name != "unban" && target.Roles.Level() >= PermissionLevel.Moderator)
        {
            command.Reply(context, $"{target.DisplayName} is a moderator; I will not do that.");
            return;
        }

        var by = chat.Author.Name;
        switch (command.Name)
        {
            case "timeout":
                if (args.Count <= words || !DurationText.TryParse(args[words], out var duration)
                    || duration <= TimeSpan.Zero || duration > MaxTimeout)
                {
                    command.Reply(context, $"Usage: {command.Prefix}timeout <user> <seconds> [reason] (up to 14 days)");
                    return;
                }
                var reason = Reason(command.Args, words + 1) ?? "timed out by a moderator";
                context.Emit(Request(chat, target, ModerationKind.Timeout, reason, by, duration));
                command.Reply(context, $"{target.DisplayName} timed out for {DurationText.Describe(duration)}.");
                return;
            case "ban":
                context.Emit(Request(chat, target, ModerationKind.Ban, Reason(command.Args, words) ?? "banned by a moderator", by));
                command.Reply(context, $"{target.DisplayName} is banned.");
                return;
            default:
                context.Emit(Request(chat, target, ModerationKind.Unban, "unbanned by a moderator", by));
                _strikes.Remove((chat.Platform, target.Id));
                _timedOutUntil.Remove((chat.Platform, target.Id));
                command.Reply(context, $"{target.DisplayName} is unbanned.");
                return;
        }
    }

    private (string Filter, string Reason)? Violation(ChatMessage chat, DateTimeOffset now)
    {
        var text = chat.Text;
        // Normalized into a buffer and kept only as a fingerprint: no string per line.
        var buffer = text.Length <= 512 ? stackalloc char[512] : new char[text.Length];
        var normalLength = WordFilter.Normalize(text, buffer);

        // History first, so a removed message still counts towards flood and repetition.
        var key = (chat.Platform, chat.Author.Id);
        // Room for a busy chatter's lines from the start: a queue grown later is a new array that outlives the young
        // generation, and in a flood every chatter's fifth line grew one.
        if (!_history.TryGetValue(key, out var history)) _history[key] = history = new Queue<(DateTimeOffset, ulong)>(HistoryCapacity);
        var keep = _options.RepeatWindow > _options.FloodWindow ? _options.RepeatWindow : _options.FloodWindow;
        while (history.Count > 0 && now - history.Peek().At > keep) history.Dequeue();
        var fingerprint = Fingerprint(buffer[..normalLength]);
        history.Enqueue((now, fingerprint));

        if (_words.Match(text) is { } rule) return (rule, "that word is not allowed here");
        if (_options.Toxicity && chat.Score is { } score
            && (_options.ToxicityThreshold is { } threshold ? score.Toxicity >= threshold : score.Toxic))
            return ("toxicity", "please keep it friendly");
        var plain = PlainStats.Of(chat);
        // Every link the pattern knows has a dot or a scheme's colon; most chat lines have neither, so skip the regex.
        if (_options.Links && plain.MayHaveLink && HasForbiddenLink(PlainText(chat)) && !Permitted(chat, now))
            return ("links", "no links without a moderator's permit");
        if (_options.Caps && IsShouting(plain)) return ("caps", "please don't shout");
        if (_options.Symbols && IsSymbolSpam(plain)) return ("symbols", "too many symbols");
        if (_options.Repetition && normalLength > 0 && Copies(history, fingerprint, now) >= _options.RepeatCount)
            return ("repetition", "please don't repeat yourself");
        if (_options.Flood && Recent(history, now) > _options.FloodMessages)
            return ("flood", "slow down a little");
        return null;
    }

    // Plain loops over the queue: these run for every chat line, and LINQ with a closure allocated twice per line.
    private int Copies(Queue<(DateTimeOffset At, ulong Text)> history, ulong fingerprint, DateTimeOffset now)
    {
        var n = 0;
        foreach (var (at, text) in history)
            if (now - at <= _options.RepeatWindow && text == fingerprint) n++;
        return n;
    }

    private int Recent(Queue<(DateTimeOffset At, ulong Text)> history, DateTimeOffset now)
    {
        var n = 0;
        foreach (var (at, _) in history)
            if (now - at <= _options.FloodWindow) n++;
        return n;
    }

    private void Punish(ChatMessage chat, string filter, string reason, FeatureContext context)
    {
        var now = context.Now;
        var key = (chat.Platform, chat.Author.Id);
        // Timed out by the filter a moment ago, yet still chatting: lines already in flight, or a platform the bot
        // cannot moderate. Remove the line, but no further rung of the ladder and no further reply for it.
        if (_timedOutUntil.TryGetValue(key, out var until) && now < until)
        {
            _lastRemoved = chat.Key;
            context.Emit(Request(chat, chat.Author, ModerationKind.Delete, reason, $"filter:{filter}") with { MessageId = chat.Id });
            return;
        }
        var strikes = _strikes.TryGetValue(key, out var s) && now - s.Last < _options.ForgiveAfter ? s.Count : 0;
        var step = _ladder[Math.Min(strikes, _ladder.Count - 1)];
        _strikes[key] = (strikes + 1, now);
        _lastRemoved = chat.Key;

        var by = $"filter:{filter}";
        context.Emit(Request(chat, chat.Author, ModerationKind.Delete, reason, by) with { MessageId = chat.Id });
        if (step > TimeSpan.Zero) _timedOutUntil[key] = now + step;
        context.Emit(step <= TimeSpan.Zero
            ? Request(chat, chat.Author, ModerationKind.Warn, reason, by)
            : Request(chat, chat.Author, ModerationKind.Timeout, reason, by, step));
        if (_options.ExplainInChat && MayExplain(chat, now))
        {
            var cost = step <= TimeSpan.Zero ? "warning" : $"timeout {DurationText.Describe(step)}";
            context.Emit(new ChatReply(chat.Platform, chat.Channel, $"@{chat.Author.DisplayName} {reason} ({cost})"));
        }
    }

    private bool MayExplain(ChatMessage chat, DateTimeOffset now)
    {
        var key = (chat.Platform, chat.Channel);
        if (!_explanations.TryGetValue(key, out var sent)) _explanations[key] = sent = new Queue<DateTimeOffset>();
        while (sent.Count > 0 && now - sent.Peek() >= TimeSpan.FromSeconds(30)) sent.Dequeue();
        if (sent.Count >= _options.ExplanationsPer30Seconds) return false;
        sent.Enqueue(now);
        return true;
    }

    private static ModerationRequest Request(ChatMessage chat, Author target, ModerationKind kind, string reason, string by, TimeSpan? duration = null) =>
        new()
        {
            Platform = chat.Platform,
            Channel = chat.Channel,
            Kind = kind,
            Target = target,
            Duration = duration,
            Reason = reason,
            RequestedBy = by,
        };

    private bool IsExempt(ViewerRoles roles)
    {
        var level = roles.Level();
        return level >= PermissionLevel.Moderator
            || ((roles & ViewerRoles.Vip) != 0 && _options.ExemptVips)
            || ((roles & ViewerRoles.Subscriber) != 0 && _options.ExemptSubscribers);
    }

    private bool Permitted(ChatMessage chat, DateTimeOffset now) =>
        (_permits.TryGetValue((chat.Platform, NameKey(chat.Author.Name)), out var until) && now < until)
        || (_permits.TryGetValue((chat.Platform, NameKey(chat.Author.DisplayName)), out until) && now < until);

    private bool HasForbiddenLink(string text)
    {
        try
        {
            foreach (Match match in LinkPattern().Matches(text))
            {
                var host = match.Groups["host"].Value.ToLowerInvariant();
                if (!_allowedDomains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal))) return true;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Pathological text: let it through rather than stall chat; the other filters still ran.
        }
        return false;
    }

    private bool IsShouting(PlainStats plain) =>
        plain.Letters >= _options.CapsMinLetters && plain.Upper > plain.Letters * _options.CapsMaxRatio;

    private bool IsSymbolSpam(PlainStats plain) =>
        plain.Visible >= _options.SymbolsMinLength && plain.Symbols > plain.Visible * _options.SymbolsMaxRatio;

    /// <summary>
    /// Counts over the text without emotes (an emote wall is not shouting or symbol spam), read piece by piece from the
    /// fragments instead of building that text for every line.
    /// </summary>
    private struct PlainStats
    {
        public int Letters, Upper, Visible, Symbols;
        public bool MayHaveLink;

        public static PlainStats Of(ChatMessage chat)
        {
            var stats = default(PlainStats);
            var fragments = chat.Fragments;
            if (fragments.Count == 0) stats.Add(chat.Text);
            for (var i = 0; i < fragments.Count; i++)
                if (!fragments[i].IsEmote) stats.Add(fragments[i].Text);
            return stats;
        }

        private void Add(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c)) continue;
                Visible++;
                if (char.IsLetter(c))
                {
                    Letters++;
                    if (char.IsUpper(c)) Upper++;
                }
                else if (!char.IsDigit(c))
                {
                    Symbols++;
                    if (c is '.' or ':') MayHaveLink = true;
                }
            }
        }
    }

    /// <summary>Two different texts share one with odds of 1 in 10^19; a repeat is the same text within seconds.</summary>
    private static ulong Fingerprint(ReadOnlySpan<char> normal) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(normal));

    /// <summary>The text without emotes: an emote wall is not shouting or symbol spam.</summary>
    private static string PlainText(ChatMessage chat)
    {
        var fragments = chat.Fragments;
        if (fragments.Count == 0) return chat.Text;
        if (fragments.Count == 1) return fragments[0].IsEmote ? "" : fragments[0].Text;
        var plain = new StringBuilder(chat.Text.Length);
        for (var i = 0; i < fragments.Count; i++)
            if (!fragments[i].IsEmote) plain.Append(fragments[i].Text);
        return plain.ToString();
    }

    private void Remember(Author author, Platform platform, DateTimeOffset now)
    {
        if (author.Id.Length == 0) return;
        var name = NameKey(author.Name);
        _chatters[(platform, name)] = (author, now);
        // Most display names are the login with capitals: one entry serves both.
        var display = NameKey(author.DisplayName);
        if (display.Length > 0 && !string.Equals(display, name, StringComparison.Ordinal)) _chatters[(platform, display)] = (author, now);
    }

    /// <summary>
    /// Finds the chatter a moderator named. YouTube names may contain spaces ("Maple Syrup"), so the longest
    /// run of leading words that names a known chatter wins; <c>Words</c> says how many arguments it used.
    /// </summary>
    private (Author? Target, string Name, int Words) Resolve(Platform platform, IReadOnlyList<string> args)
    {
        for (var words = Math.Min(args.Count, 6); words >= 1; words--)
        {
            var name = NameKey(string.Join(' ', args.Take(words)));
            if (_chatters.TryGetValue((platform, name), out var known)) return (known.Author, name, words);
        }
        return (null, NameKey(args[0]), 1);
    }

    /// <summary>How names are compared: without a leading <c>@</c> (typed mentions, YouTube handles), case-insensitive.</summary>
    private static string NameKey(string name) => name.Trim().TrimStart('@').ToLowerInvariant();

    private void Prune(DateTimeOffset now)
    {
        _lastPrune = now;
        var keep = _options.RepeatWindow > _options.FloodWindow ? _options.RepeatWindow : _options.FloodWindow;
        foreach (var key in _history.Where(h => h.Value.Count == 0 || now - h.Value.Last().At > keep).Select(h => h.Key).ToArray())
            _history.Remove(key);
        foreach (var key in _strikes.Where(s => now - s.Value.Last >= _options.ForgiveAfter).Select(s => s.Key).ToArray())
            _strikes.Remove(key);
        foreach (var key in _permits.Where(p => now >= p.Value).Select(p => p.Key).ToArray())
            _permits.Remove(key);
        foreach (var key in _timedOutUntil.Where(t => now >= t.Value).Select(t => t.Key).ToArray())
            _timedOutUntil.Remove(key);
        foreach (var key in _chatters.Where(c => now - c.Value.Seen > _options.RememberChatters).Select(c => c.Key).ToArray())
            _chatters.Remove(key);
    }

    private static string? Reason(string args, int skipWords)
    {
        var parts = args.Split(' ', skipWords + 1, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > skipWords && parts[skipWords].Length > 0 ? parts[skipWords] : null;
    }

    // A scheme or www. prefix, or a bare host with a common top-level domain ("example.com/x").
    [GeneratedRegex(@"(?:(?:https?://|www\.)(?<host>[a-z0-9.-]+))|(?<host>\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|tv|gg|io|ly|me|co|xyz|info|biz|ru|de|uk|live|app|dev|link|shop|site|online|click)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex LinkPattern();
}
