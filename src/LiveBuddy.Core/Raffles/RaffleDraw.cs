using System.Globalization;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Credits;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Points;
using LiveBuddy.Core.Privacy;

namespace LiveBuddy.Core.Raffles;

/// <summary>One viewer's entry; a viewer enters once per platform.</summary>
public sealed record RaffleEntrant(Platform Platform, string UserId, string Name, string DisplayName)
{
    public string Key => PointsBank.KeyOf(Platform, UserId);
    public Author Author => new() { Id = UserId, Name = Name, DisplayName = DisplayName };
}

/// <summary>A raffle as stored and shown: <see cref="Status"/> is <c>open</c>, <c>closed</c> or <c>cancelled</c>.</summary>
public sealed record Raffle(string Id, string? Keyword, long Cost, DateTimeOffset OpenedAt, DateTimeOffset? EndsAt, string Status,
    IReadOnlyList<RaffleEntrant> Entrants, IReadOnlyList<RaffleEntrant> Winners);

/// <summary>The <c>raffle</c> hub payload: the alerts overlay shows <c>winner</c> (display name) and <c>winnerPlatform</c>.</summary>
public sealed record RafflePayload(string Id, string? Keyword, long Cost, string Status, int Entrants, string? Winner, string? WinnerPlatform);

/// <summary>A raffle opened, closed or was cancelled: store it (upsert by id).</summary>
public sealed record RaffleChanged(Raffle Raffle) : LiveUpdate;

/// <summary>A viewer entered: store the entry.</summary>
public sealed record RaffleEntered(string RaffleId, RaffleEntrant Entrant, long Paid, DateTimeOffset At) : LiveUpdate;

/// <summary>A winner was drawn: stored, announced in chat and pushed to the alerts overlay as <c>raffle</c>.</summary>
public sealed record RaffleWinnerDrawn(Raffle Raffle, RaffleEntrant Winner, DateTimeOffset At) : LiveUpdate, IOverlayPush
{
    public string Method => "raffle";
    public object Payload => new RafflePayload(Raffle.Id, Raffle.Keyword, Raffle.Cost, Raffle.Status, Raffle.Entrants.Count,
        Winner.DisplayName, Winner.Platform.ToWire());
}

/// <summary>Open a raffle from the control page. Result: the <see cref="Raffle"/> or <see cref="ControlError"/>.</summary>
public sealed record OpenRaffle(string? Keyword, TimeSpan? Duration, long Cost) : ControlRequest;

/// <summary><c>draw</c>, <c>close</c> or <c>cancel</c> from the control page. Result: the <see cref="Raffle"/> or <see cref="ControlError"/>.</summary>
public sealed record RaffleAction(string Action) : ControlRequest;

/// <summary>The current (or last) raffle for the control page. Result: the <see cref="Raffle"/> or null.</summary>
public sealed record GetRaffle : ControlRequest;

/// <summary>
/// Giveaways: a moderator opens one with a keyword, an optional duration and an optional cost in points; viewers
/// enter by typing the keyword or <c>!join</c>, once per platform; <c>!raffle draw</c> picks uniformly among
/// entrants not drawn before (every entrant has the same chance, whatever they paid or which platform they are on);
/// <c>!raffle cancel</c> gives every entry cost back. Successful entries are silent (a flood of entries makes no
/// flood of replies).
/// </summary>
public sealed class RaffleDraw : IStreamFeature, IChatCommandHandler
{
    private readonly PointsBank _points;
    private readonly CreditsRoll? _credits;
    private readonly Random _random;
    private readonly string _prefix;
    private readonly PermissionLevel _manageLevel;
    private readonly Func<string, bool> _isCommand;
    private readonly List<RaffleEntrant> _entrants = [];
    private readonly HashSet<string> _entered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _toldTooPoor = new(StringComparer.Ordinal);
    private readonly List<RaffleEntrant> _winners = [];
    // Announcements go to the last channel chat came from on each platform: a raffle runs across both platforms,
    // and the command's own reply path only knows the one it came from.
    private readonly Dictionary<Platform, string> _channels = [];
    private Raffle? _raffle;

    /// <param name="points">Where entry costs go and come back from.</param>
    /// <param name="resume">A raffle that was open or closed (not finished) when LiveBuddy stopped.</param>
    /// <param name="random">Picks winners; seeded in tests.</param>
    /// <param name="prefix">The command prefix, for replies.</param>
    /// <param name="manageLevel">Who may open, draw, close and cancel.</param>
    /// <param name="isCommand">True for a word that is a chat command (a keyword may not be one).</param>
    /// <param name="credits">The end credits, which name the session's raffle winners.</param>
    public RaffleDraw(PointsBank points, Raffle? resume, Random? random = null, string prefix = "!",
        PermissionLevel manageLevel = PermissionLevel.Moderator, Func<string, bool>? isCommand = null, CreditsRoll? credits = null)
    {
        _points = points;
        _credits = credits;
        _random = random ?? Random.Shared;
        _prefix = prefix;
        _manageLevel = manageLevel;
        _isCommand = isCommand ?? (_ => false);
        if (resume is { Status: "open" or "closed" })
        {
            _raffle = resume;
            foreach (var entrant in resume.Entrants) { _entrants.Add(entrant); _entered.Add(entrant.Key); }
            _winners.AddRange(resume.Winners);
        }
    }

    public IReadOnlyCollection<string> CommandNames { get; } = ["raffle", "join"];

    public void Handle(PipelineInput input, FeatureContext context)
    {
        if (input is ChatMessage seen) _channels[seen.Platform] = seen.Channel;
        switch (input)
        {
            case ChatMessage chat when chat.TakesPart && _raffle is { Status: "open", Keyword: { } keyword }
                                       && chat.Text.AsSpan().Trim().Equals(keyword, StringComparison.OrdinalIgnoreCase):
                Enter(chat, context);
                break;
            case Tick when _raffle is { Status: "open", EndsAt: { } endsAt } raffle && context.Now >= endsAt:
                Close(context);
                Announce(context, $"Raffle entries are closed: {Entries()}. A moderator draws with {_prefix}raffle draw.");
                break;
            case OpenRaffle open:
                open.Completion.TrySetResult(Open(open.Keyword, open.Duration, open.Cost, context, out var error) ?? (object)new ControlError(error));
                break;
            case RaffleAction action:
                action.Completion.TrySetResult(Act(action.Action, context, out var message) ?? (object)new ControlError(message));
                break;
            case GetRaffle get:
                get.Completion.TrySetResult(Current);
                break;
            case EraseViewer erase:
                Forget(PointsBank.KeyOf(erase.Platform, erase.UserId));
                break;
        }
    }

    public Raffle? Current => _raffle is null ? null : _raffle with { Entrants = _entrants.ToArray(), Winners = _winners.ToArray() };

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        _channels[command.Message.Platform] = command.Message.Channel;
        if (command.Name == "join")
        {
            if (_raffle is { Status: "open" }) Enter(command.Message, context);
            return;
        }
        if (command.Level < _manageLevel) return;
        var args = command.ArgList;
        var me = command.Message.Author.DisplayName;
        var verb = args.Count == 0 ? "" : args[0].ToLowerInvariant();
        if (verb == "open")
        {
            string? keyword = null;
            TimeSpan? duration = null;
            long cost = 0;
            foreach (var arg in args.Skip(1))
            {
                if (arg.StartsWith("cost=", StringComparison.OrdinalIgnoreCase))
                {
                    if (!long.TryParse(arg.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out cost))
                    {
                        command.Reply(context, $"@{me} cost=N takes a whole number of {_points.CurrencyName} (0 or more).");
                        return;
                    }
                }
                else if (keyword is not null && duration is null && DurationText.TryParse(arg, out var parsed)) duration = parsed;
                else if (keyword is null) keyword = arg;
                else
                {
                    command.Reply(context, $"@{me} usage: {_prefix}raffle open <keyword> [duration like 2m] [cost=N]");
                    return;
                }
            }
            if (Open(keyword, duration, cost, context, out var error) is null) command.Reply(context, $"@{me} {error}");
            return;
        }
        if (verb is "draw" or "close" or "cancel")
        {
            if (Act(verb, context, out var message) is null) command.Reply(context, $"@{me} {message}");
            return;
        }
        command.Reply(context, $"@{me} usage: {_prefix}raffle open <keyword> [duration] [cost=N], {_prefix}raffle draw|close|cancel");
    }

    private Raffle? Open(string? keyword, TimeSpan? duration, long cost, FeatureContext context, out string error)
    {
        error = "";
        keyword = string.IsNullOrWhiteSpace(keyword) ? null : keyword.Trim();
        if (_raffle is { Status: "open" })
        {
            error = $"A raffle is already open; {_prefix}raffle close or {_prefix}raffle cancel it first.";
            return null;
        }
        if (keyword is not null && (keyword.StartsWith(_prefix, StringComparison.Ordinal) || _isCommand(keyword.ToLowerInvariant())))
        {
            // Entering by typing a command would run the command too (and a viewer typing it for itself would enter).
            error = $"\"{keyword}\" can't be the keyword: it is a command. Pick a plain word; viewers can always use {_prefix}join.";
            return null;
        }
        if (keyword is { Length: > 30 })
        {
            error = "The keyword can be at most 30 characters.";
            return null;
        }
        if (cost is < 0 || cost > 1_000_000_000)
        {
            error = $"The cost must be from 0 to 1,000,000,000 {_points.CurrencyName}.";
            return null;
        }
        if (duration is { } d && (d <= TimeSpan.Zero || d > TimeSpan.FromHours(24)))
        {
            error = "The duration must be from 1 second to 24 hours.";
            return null;
        }
        _entrants.Clear();
        _entered.Clear();
        _toldTooPoor.Clear();
        _winners.Clear();
        var now = context.Now;
        _raffle = new Raffle("raffle-" + now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), keyword, cost, now,
            duration is { } span ? now + span : null, "open", [], []);
        context.Emit(new RaffleChanged(_raffle));
        var how = keyword is null ? $"type {_prefix}join" : $"type {keyword} (or {_prefix}join)";
        var price = cost > 0 ? $" Entry costs {PointsBank.Format(cost)} {_points.CurrencyName}." : "";
        var until = duration is { } t ? $" Open for {DurationText.Describe(t)}." : "";
        Announce(context, $"A raffle is open: {how} to enter!{price}{until}");
        return Current;
    }

    private Raffle? Act(string action, FeatureContext context, out string message)
    {
        message = "";
        if (_raffle is not { Status: "open" or "closed" } raffle)
        {
            message = $"No raffle is running; open one with {_prefix}raffle open <keyword>.";
            return null;
        }
        switch (action)
        {
            case "close":
                if (raffle.Status != "open") { message = "Entries are already closed."; return null; }
                Close(context);
                Announce(context, $"Raffle entries are closed: {Entries()}.");
                return Current;
            case "cancel":
                foreach (var entrant in _entrants)
                    _points.Refund(entrant.Platform, entrant.Author, raffle.Cost, "raffle-refund:" + raffle.Id, context);
                _raffle = raffle with { Status = "cancelled" };
                context.Emit(new RaffleChanged(Current!));
                Announce(context, raffle.Cost > 0 && _entrants.Count > 0
                    ? $"The raffle was cancelled; {_entrants.Count} entries got their {PointsBank.Format(raffle.Cost)} {_points.CurrencyName} back."
                    : "The raffle was cancelled.");
                return Current;
            case "draw":
                var eligible = _entrants.Where(e => !_winners.Exists(w => w.Key == e.Key)).ToArray();
                if (eligible.Length == 0)
                {
                    message = _entrants.Count == 0 ? "Nobody has entered yet." : "Everyone who entered has already won.";
                    return null;
                }
                if (raffle.Status == "open") Close(context);
                var winner = eligible[_random.Next(eligible.Length)];
                _winners.Add(winner);
                var current = Current!;
                context.Emit(new RaffleWinnerDrawn(current, winner, context.Now));
                _credits?.AddRaffleWinner(winner.Platform, winner.DisplayName, userId: winner.UserId);
                Announce(context, $"The raffle winner is @{winner.DisplayName} ({winner.Platform.ToWire()})! Congratulations!");
                return current;
            default:
                message = $"Unknown raffle action '{action}': use draw, close or cancel.";
                return null;
        }
    }

    private void Close(FeatureContext context)
    {
        _raffle = _raffle! with { Status = "closed" };
        context.Emit(new RaffleChanged(Current!));
    }

    private void Enter(ChatMessage chat, FeatureContext context)
    {
        var raffle = _raffle!;
        if (chat.Author.Id.Length == 0) return;
        var entrant = new RaffleEntrant(chat.Platform, chat.Author.Id, chat.Author.Name, chat.Author.DisplayName);
        if (_entered.Contains(entrant.Key)) return;
        if (!_points.TrySpend(chat.Platform, chat.Author, raffle.Cost, "raffle:" + raffle.Id, context))
        {
            // Told once per raffle: a viewer spamming the keyword gets one answer, not one per line.
            if (_toldTooPoor.Add(entrant.Key))
                context.Emit(new ChatReply(chat.Platform, chat.Channel,
                    $"@{chat.Author.DisplayName} entry costs {PointsBank.Format(raffle.Cost)} {_points.CurrencyName}; you have {PointsBank.Format(_points.BalanceOf(chat.Platform, chat.Author.Id))}.", chat.Id));
            return;
        }
        _entered.Add(entrant.Key);
        _entrants.Add(entrant);
        context.Emit(new RaffleEntered(raffle.Id, entrant, raffle.Cost, context.Now));
    }

    // An erased viewer leaves the raffle: not drawn, not named, and no refund on cancel (their points are gone with them).
    private void Forget(string key)
    {
        _entrants.RemoveAll(e => e.Key == key);
        _winners.RemoveAll(w => w.Key == key);
        _entered.Remove(key);
        _toldTooPoor.Remove(key);
    }

    private string Entries() => _entrants.Count == 1 ? "1 entry" : $"{_entrants.Count} entries";

    private void Announce(FeatureContext context, string text)
    {
        foreach (var (platform, channel) in _channels) context.Emit(new ChatReply(platform, channel, text));
    }
}
