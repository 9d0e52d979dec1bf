using System.Globalization;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Goals;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Privacy;

namespace LiveBuddy.Core.Points;

/// <summary>The channel currency, bound from the <c>Points</c> configuration section.</summary>
public sealed record PointsOptions
{
    /// <summary>What the currency is called in replies (<c>!points</c> answers "@ann has 1,240 points").</summary>
    public string Name { get; init; } = "points";
    /// <summary>Earned once per minute in which a viewer chats while a session is live.</summary>
    public long PerActiveMinute { get; init; } = 10;
    /// <summary>
    /// Earned once per minute a viewer is in chat while a session is live, on top of <see cref="PerActiveMinute"/>; where
    /// the platform tells who is present (Twitch's Get Chatters, when the bot is a moderator). 0 turns it off.
    /// </summary>
    public long PerPresenceMinute { get; init; } = 5;
    /// <summary>How often the platform is asked who is present (at most once a minute pays; asking more often only catches short visits).</summary>
    public TimeSpan PresenceInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Subscribers (Twitch) and members (YouTube) earn this many times as much; rounded down.</summary>
    public decimal SubscriberMultiplier { get; init; } = 1;
    /// <summary>No balance goes above this; anything that would is refused with a reply.</summary>
    public long MaxBalance { get; init; } = 1_000_000_000_000;
    /// <summary>Who may <c>!points add|remove</c>.</summary>
    public PermissionLevel ManageLevel { get; init; } = PermissionLevel.Moderator;
    /// <summary><c>!points</c> answers one viewer at most once per this span; <c>!top</c> once per channel.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>One viewer's balance on one platform (the viewer key is <c>platform:userId</c>).</summary>
public sealed record PointsAccount(string Key, Platform Platform, string UserId, string Name, string DisplayName, long Balance);

/// <summary>
/// A balance changed by <see cref="Delta"/>. With <see cref="AwardMinute"/> set it is the activity award of that minute:
/// storage applies it only once per viewer and minute (a key in SQLite), so an award repeated after a restart adds nothing.
/// </summary>
public sealed record PointsChanged(PointsAccount Account, long Delta, string Reason, long? AwardMinute = null) : LiveUpdate;

/// <summary>
/// Who was connected to a channel's chat at <see cref="At"/> (Twitch: Helix Get Chatters, read by the bot as a moderator):
/// each earns <see cref="PointsOptions.PerPresenceMinute"/> once for that minute while a session is live.
/// </summary>
public sealed record ChattersPresent(Platform Platform, string Channel, DateTimeOffset At, IReadOnlyList<Author> Chatters) : PipelineInput;

/// <summary>Add (negative: remove) points from the control page. Result: the new <see cref="PointsAccount"/> or <see cref="ControlError"/>.</summary>
public sealed record AdjustPoints(Platform Platform, string User, long Amount) : ControlRequest;

/// <summary>The top balances for the control page. Result: <c>PointsAccount[]</c>.</summary>
public sealed record ListTopPoints(int Count = 10) : ControlRequest;

/// <summary>
/// Keeps every viewer's balance in memory (loaded from storage at start) and changes it only with checked, capped
/// arithmetic: no balance goes below zero or above <see cref="PointsOptions.MaxBalance"/>. Owns <c>!points</c>,
/// <c>!give</c> and <c>!top</c>; raffles spend and refund through <see cref="TrySpend"/> and <see cref="Refund"/>.
/// </summary>
public sealed class PointsBank : IStreamFeature, IChatCommandHandler
{
    private readonly PointsOptions _options;
    private readonly GoalBoard? _goals;
    private readonly Dictionary<string, PointsAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastAwardMinute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastPresenceMinute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastAsked = new(StringComparer.Ordinal);

    /// <param name="options">Currency name, rates, cap.</param>
    /// <param name="accounts">Stored balances.</param>
    /// <param name="lastAwardMinutes">Per viewer key, the last minute (Unix minutes) already awarded, so a restart does not award it again.</param>
    /// <param name="goals">The goal bars: the <c>points</c> goal counts what viewers earn (not what they give or moderators add).</param>
    /// <param name="lastPresenceMinutes">The same as <paramref name="lastAwardMinutes"/> for presence awards.</param>
    public PointsBank(PointsOptions options, IEnumerable<PointsAccount> accounts, IReadOnlyDictionary<string, long> lastAwardMinutes,
        GoalBoard? goals = null, IReadOnlyDictionary<string, long>? lastPresenceMinutes = null)
    {
        _options = options;
        _goals = goals;
        foreach (var account in accounts) _accounts[account.Key] = account;
        foreach (var (key, minute) in lastAwardMinutes) _lastAwardMinute[key] = minute;
        foreach (var (key, minute) in lastPresenceMinutes ?? new Dictionary<string, long>()) _lastPresenceMinute[key] = minute;
    }

    /// <summary>The award kind (stored with each award key) of chat activity.</summary>
    public const string ActivityKind = "chat";
    /// <summary>The award kind of presence in chat.</summary>
    public const string PresenceKind = "presence";

    public IReadOnlyCollection<string> CommandNames { get; } = ["points", "give", "top"];

    public string CurrencyName => _options.Name;

    public static string KeyOf(Platform platform, string userId) => platform.ToWire() + ":" + userId;

    public long BalanceOf(Platform platform, string userId) => _accounts.GetValueOrDefault(KeyOf(platform, userId))?.Balance ?? 0;

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case ChatMessage chat:
                Award(chat, context);
                break;
            case ChattersPresent present:
                AwardPresence(present, context);
                break;
            case AdjustPoints adjust:
                AdjustFromControl(adjust, context);
                break;
            case EraseViewer erase:
                // The award keys stay (in memory only): a minute already paid is still not paid again.
                _accounts.Remove(KeyOf(erase.Platform, erase.UserId));
                break;
            case ListTopPoints list:
                list.Completion.TrySetResult(Ranked().Take(Math.Clamp(list.Count, 1, 1000)).ToArray());
                break;
        }
    }

    private void Award(ChatMessage chat, FeatureContext context)
    {
        if (context.Session is null || _options.PerActiveMinute <= 0 || chat.Author.Id.Length == 0) return;
        // A Shared Chat partner's line was sent in the partner's channel: it earns nothing here, opted in or not.
        if (chat.SharedFrom is not null) return;
        var amount = _options.PerActiveMinute;
        if ((chat.Author.Roles & ViewerRoles.Subscriber) != 0 && _options.SubscriberMultiplier > 0)
            amount = (long)Math.Min(Math.Floor(amount * _options.SubscriberMultiplier), _options.MaxBalance);
        // The platform's send time, so a line delivered again after a restart falls in the minute it was first counted in.
        Earn(chat.Platform, chat.Author, amount, ActivityKind, chat.SentAt, _lastAwardMinute, context);
    }

    private void AwardPresence(ChattersPresent present, FeatureContext context)
    {
        if (context.Session is null || _options.PerPresenceMinute <= 0) return;
        foreach (var chatter in present.Chatters)
            if (chatter.Id.Length > 0)
                Earn(present.Platform, chatter, _options.PerPresenceMinute, PresenceKind, present.At, _lastPresenceMinute, context);
    }

    /// <summary>Pays <paramref name="amount"/> for the minute of <paramref name="at"/> unless that minute (of this kind) was paid already.</summary>
    private void Earn(Platform platform, Author author, long amount, string kind, DateTimeOffset at, Dictionary<string, long> lastPaid, FeatureContext context)
    {
        var key = KeyOf(platform, author.Id);
        var minute = at.ToUnixTimeSeconds() / 60;
        if (lastPaid.TryGetValue(key, out var last) && last >= minute) return;
        lastPaid[key] = minute;
        var account = Account(platform, author);
        amount = Math.Min(amount, _options.MaxBalance - account.Balance);
        if (amount <= 0) return;
        Change(account, amount, kind, context, minute);
        _goals?.AddPoints(amount, context);
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        var args = command.ArgList;
        switch (command.Name)
        {
            case "points" when args.Count > 0 && args[0].ToLowerInvariant() is "add" or "remove":
                Manage(command, context);
                return;
            case "points":
                ShowBalance(command, context);
                return;
            case "give":
                Give(command, context);
                return;
            case "top":
                ShowTop(command, context);
                return;
        }
    }

    private void ShowBalance(ChatCommand command, FeatureContext context)
    {
        var chat = command.Message;
        if (!Allowed("points:" + KeyOf(chat.Platform, chat.Author.Id), command, context)) return;
        var account = command.ArgList.Count > 0 ? Find(chat.Platform, command.ArgList[0]) : Account(chat.Platform, chat.Author);
        if (account is null)
        {
            command.Reply(context, $"@{chat.Author.DisplayName} I don't know {command.ArgList[0]} on {chat.Platform.ToWire()} yet.");
            return;
        }
        command.Reply(context, $"@{account.DisplayName} has {Format(account.Balance)} {_options.Name} (rank {Rank(account)})");
    }

    private void Give(ChatCommand command, FeatureContext context)
    {
        var chat = command.Message;
        var args = command.ArgList;
        var me = chat.Author.DisplayName;
        if (args.Count != 2)
        {
            command.Reply(context, $"@{me} usage: {command.Prefix}give <user> <amount>");
            return;
        }
        if (!TryAmount(args[1], out var amount))
        {
            command.Reply(context, $"@{me} the amount must be a whole number from 1 to {Format(_options.MaxBalance)}.");
            return;
        }
        var from = Account(chat.Platform, chat.Author);
        var to = Find(chat.Platform, args[0]);
        if (to is null)
        {
            command.Reply(context, $"@{me} I don't know {args[0].TrimStart('@')} on {chat.Platform.ToWire()} yet.");
            return;
        }
        if (to.Key == from.Key)
        {
            command.Reply(context, $"@{me} you can't give {_options.Name} to yourself.");
            return;
        }
        if (from.Balance < amount)
        {
            command.Reply(context, $"@{me} you have only {Format(from.Balance)} {_options.Name}.");
            return;
        }
        if (amount > _options.MaxBalance - to.Balance)
        {
            command.Reply(context, $"@{me} {to.DisplayName} can't hold that many {_options.Name}.");
            return;
        }
        Change(from, -amount, "give:" + to.Key, context);
        Change(to, amount, "give:" + from.Key, context);
        command.Reply(context, $"@{me} gave {Format(amount)} {_options.Name} to {to.DisplayName}.");
    }

    private void ShowTop(ChatCommand command, FeatureContext context)
    {
        var chat = command.Message;
        if (!Allowed("top:" + chat.Platform.ToWire() + ":" + chat.Channel, command, context)) return;
        var top = Ranked().Take(5).ToArray();
        command.Reply(context, top.Length == 0
            ? $"Nobody has {_options.Name} yet."
            : $"Top {_options.Name}: " + string.Join(" · ", top.Select((a, i) => $"{i + 1}. {a.DisplayName} {Format(a.Balance)}")));
    }

    private void Manage(ChatCommand command, FeatureContext context)
    {
        if (command.Level < _options.ManageLevel) return;
        var chat = command.Message;
        var args = command.ArgList;
        var verb = args[0].ToLowerInvariant();
        if (args.Count != 3)
        {
            command.Reply(context, $"@{chat.Author.DisplayName} usage: {command.Prefix}points {verb} <user> <amount from 1 to {Format(_options.MaxBalance)}>");
            return;
        }
        if (!TryAmount(args[2], out var amount))
        {
            command.Reply(context, $"@{chat.Author.DisplayName} the amount must be a whole number from 1 to {Format(_options.MaxBalance)}.");
            return;
        }
        var target = Find(chat.Platform, args[1]);
        if (target is null)
        {
            command.Reply(context, $"@{chat.Author.DisplayName} I don't know {args[1].TrimStart('@')} on {chat.Platform.ToWire()} yet.");
            return;
        }
        var result = Adjust(target, verb == "add" ? amount : -amount, "mod:" + chat.Author.Name, context);
        command.Reply(context, $"@{chat.Author.DisplayName} {result}");
    }

    private void AdjustFromControl(AdjustPoints adjust, FeatureContext context)
    {
        var target = Find(adjust.Platform, adjust.User);
        if (target is null)
        {
            adjust.Completion.TrySetResult(new ControlError($"No viewer '{adjust.User}' on {adjust.Platform.ToWire()} yet."));
            return;
        }
        if (adjust.Amount == 0 || adjust.Amount == long.MinValue || Math.Abs(adjust.Amount) > _options.MaxBalance)
        {
            adjust.Completion.TrySetResult(new ControlError($"The amount must be from 1 to {Format(_options.MaxBalance)}, or minus that."));
            return;
        }
        Adjust(target, adjust.Amount, "control", context);
        adjust.Completion.TrySetResult(_accounts[target.Key]);
    }

    /// <summary>Adds or removes points for a moderator; removing more than the balance takes it to zero.</summary>
    private string Adjust(PointsAccount target, long delta, string reason, FeatureContext context)
    {
        if (delta > 0 && delta > _options.MaxBalance - target.Balance)
            return $"{target.DisplayName} can't hold that many {_options.Name} (the most is {Format(_options.MaxBalance)}).";
        if (delta < 0) delta = -Math.Min(-delta, target.Balance);
        if (delta != 0) Change(target, delta, reason, context);
        return $"{target.DisplayName} now has {Format(target.Balance + delta)} {_options.Name}.";
    }

    /// <summary>Takes <paramref name="amount"/> from a viewer if they have it (raffle entry costs).</summary>
    public bool TrySpend(Platform platform, Author author, long amount, string reason, FeatureContext context)
    {
        if (amount <= 0) return true;
        var account = Account(platform, author);
        if (account.Balance < amount) return false;
        Change(account, -amount, reason, context);
        return true;
    }

    /// <summary>Gives back what <see cref="TrySpend"/> took; capped at the maximum balance.</summary>
    public void Refund(Platform platform, Author author, long amount, string reason, FeatureContext context)
    {
        if (amount <= 0) return;
        var account = Account(platform, author);
        var delta = Math.Min(amount, _options.MaxBalance - account.Balance);
        if (delta > 0) Change(account, delta, reason, context);
    }

    private void Change(PointsAccount account, long delta, string reason, FeatureContext context, long? awardMinute = null)
    {
        var changed = account with { Balance = checked(account.Balance + delta) };
        _accounts[account.Key] = changed;
        context.Emit(new PointsChanged(changed, delta, reason, awardMinute));
    }

    private PointsAccount Account(Platform platform, Author author)
    {
        var key = KeyOf(platform, author.Id);
        if (_accounts.TryGetValue(key, out var account))
        {
            if (account.DisplayName == author.DisplayName && account.Name == author.Name) return account;
            return _accounts[key] = account with { Name = author.Name, DisplayName = author.DisplayName };
        }
        return _accounts[key] = new PointsAccount(key, platform, author.Id, author.Name, author.DisplayName, 0);
    }

    /// <summary>A viewer this bank has seen on the platform, by login or display name (a leading @ is ignored).</summary>
    public PointsAccount? Find(Platform platform, string user)
    {
        var name = user.Trim().TrimStart('@');
        if (name.Length == 0) return null;
        PointsAccount? byDisplay = null;
        foreach (var account in _accounts.Values)
        {
            if (account.Platform != platform) continue;
            if (account.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return account;
            if (account.DisplayName.Equals(name, StringComparison.OrdinalIgnoreCase)) byDisplay = account;
        }
        return byDisplay;
    }

    private IEnumerable<PointsAccount> Ranked() =>
        _accounts.Values.Where(a => a.Balance > 0).OrderByDescending(a => a.Balance).ThenBy(a => a.Key, StringComparer.Ordinal);

    private int Rank(PointsAccount account) => 1 + _accounts.Values.Count(a => a.Balance > account.Balance);

    private bool Allowed(string key, ChatCommand command, FeatureContext context)
    {
        // Silence while cooling down: answering "cooldown" would be the spam the cooldown prevents.
        if (command.IsModerator) return true;
        if (_lastAsked.TryGetValue(key, out var last) && context.Now - last < _options.Cooldown) return false;
        _lastAsked[key] = context.Now;
        if (_lastAsked.Count > 10_000)
            foreach (var old in _lastAsked.Where(e => context.Now - e.Value > _options.Cooldown).Select(e => e.Key).ToArray())
                _lastAsked.Remove(old);
        return true;
    }

    private bool TryAmount(string text, out long amount) =>
        long.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out amount)
        && amount > 0 && amount <= _options.MaxBalance;

    internal static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
