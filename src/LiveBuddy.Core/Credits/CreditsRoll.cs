using System.Globalization;
using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Privacy;

namespace LiveBuddy.Core.Credits;

/// <summary>
/// End credits: collects the session's new followers, subs, gifters, cheerers, Super Chats, raiders, raffle winners
/// and most active chatters, and rolls them on the credits overlay when the control page asks or the session ends.
/// A sub reported twice or a gift bomb's single gifts are credited once (<see cref="AlertFold"/>). A new session
/// starts an empty list; the one that just ended can still be rolled until then.
/// </summary>
public sealed class CreditsRoll : IStreamFeature
{
    private static readonly (string Kind, string Title)[] Order =
    [
        ("followers", "New followers"), ("subs", "Subscribers & members"), ("gifters", "Gifted subs"), ("cheerers", "Cheers"),
        ("superchats", "Super Chats"), ("raiders", "Raids"), ("raffle", "Raffle winners"), ("chatters", "Top chatters"),
    ];

    private readonly CreditsOptions _options;
    private readonly AlertFold _fold = new(TimeSpan.FromMinutes(10));
    private readonly Dictionary<string, Dictionary<(Platform Platform, string Name), Tally>> _sections = new(StringComparer.Ordinal);
    private string? _sessionId;
    private string? _creditedSessionId; // the session the names are from: the live one, or the one that just ended
    private bool _started;

    /// <param name="options">Automatic roll, how many chatters.</param>
    /// <param name="resumed">The session a restart continues and what storage kept of it, so the credits still name everyone.</param>
    public CreditsRoll(CreditsOptions options, CreditsSeed? resumed = null)
    {
        _options = options;
        foreach (var (kind, _) in Order) _sections[kind] = [];
        if (resumed is not null)
        {
            _sessionId = _creditedSessionId = resumed.SessionId;
            _started = true;
            foreach (var alert in resumed.Alerts) Record(alert.Kind, alert.Platform, alert.Author, alert.Amount, alert.Currency, alert.Count);
            foreach (var (platform, name, messages) in resumed.Chatters)
                Entry("chatters", platform, name).Add(messages, null);
            foreach (var (platform, name) in resumed.RaffleWinners ?? []) AddRaffleWinner(platform, name);
        }
    }

    public void Handle(PipelineInput input, FeatureContext context)
    {
        FollowSession(context);
        switch (input)
        {
            case ChatMessage chat when chat.TakesPart && chat.Author.DisplayName.Length > 0:
                Entry("chatters", chat.Platform, chat.Author.DisplayName, chat.Author.Id).Add(1, null);
                break;
            case Alert alert when _fold.IsNew(alert, context.Now):
                Record(AlertQueue.KindName(alert.Kind), alert.Platform, alert.Author?.DisplayName, alert.Amount, alert.Currency, alert.Count, alert.Author?.Id);
                break;
            case RollCredits roll:
                var rolled = Build(context, "control");
                context.Emit(new CreditsRolled(rolled));
                roll.Completion.TrySetResult(rolled);
                break;
            case PreviewCredits preview:
                preview.Completion.TrySetResult(Build(context, "preview"));
                break;
            case EraseViewer erase:
                Forget(erase);
                break;
        }
    }

    /// <summary>Credits a raffle winner (the raffle calls this on the pipeline thread when it draws one).</summary>
    public void AddRaffleWinner(Platform platform, string name, string? prize = null, string? userId = null) => Entry("raffle", platform, name, userId).Add(1, prize);

    private void FollowSession(FeatureContext context)
    {
        var id = context.Session?.Id;
        if (id == _sessionId) return;
        if (_sessionId is not null && _options.RollAtSessionEnd && HasNames)
        {
            // The session just ended (or a new one replaced it): roll what it had.
            context.Emit(new CreditsRolled(Build(context, "session-end", _sessionId)));
        }
        // A new session starts the credits over (the first one keeps what came before it went live).
        if (id is not null && _started) foreach (var section in _sections.Values) section.Clear();
        if (id is not null)
        {
            _started = true;
            _creditedSessionId = id;
        }
        _sessionId = id;
    }

    // An erased viewer leaves every section. Names carried over a restart have no id: those go by the name they chatted under.
    private void Forget(EraseViewer erase)
    {
        foreach (var entries in _sections.Values)
        {
            var theirs = entries.Where(e => e.Key.Platform == erase.Platform
                    && (e.Value.UserId is { Length: > 0 } id ? id == erase.UserId : string.Equals(e.Key.Name, erase.DisplayName, StringComparison.OrdinalIgnoreCase)))
                .Select(e => e.Key).ToArray();
            foreach (var key in theirs) entries.Remove(key);
        }
    }

    private bool HasNames => _sections.Values.Any(s => s.Count > 0);

    private void Record(string kind, Platform platform, string? author, decimal? amount, string? currency, int? count, string? userId = null)
    {
        var name = string.IsNullOrWhiteSpace(author) ? "Anonymous" : author;
        switch (kind)
        {
            case "follow":
                Entry("followers", platform, name, userId).Add(1, null);
                break;
            case "subscription" or "resubscription" or "membership" or "membershipMilestone":
                Entry("subs", platform, name, userId).Add(1, null);
                break;
            case "giftSubscription" or "giftBomb" or "membershipGift":
                Entry("gifters", platform, name, userId).Add(Math.Max(1, count ?? 1), null);
                break;
            case "bits":
                Entry("cheerers", platform, name, userId).Add((long)Math.Max(0, amount ?? count ?? 0), null);
                break;
            case "superChat" or "superSticker" when amount is > 0:
                Entry("superchats", platform, name, userId).AddMoney(amount.Value, currency ?? "");
                break;
            case "raid":
                Entry("raiders", platform, name, userId).Add(Math.Max(0, count ?? 0), null);
                break;
        }
    }

    private Tally Entry(string section, Platform platform, string name, string? userId = null)
    {
        var entries = _sections[section];
        if (!entries.TryGetValue((platform, name), out var tally))
        {
            tally = new Tally(entries.Count, userId);
            // Past the cap a name is still counted for those already in (a chatter's lines), not added.
            if (section == "chatters" || entries.Count < _options.MaxPerSection) entries[(platform, name)] = tally;
        }
        return tally;
    }

    private CreditsPayload Build(FeatureContext context, string reason, string? sessionId = null)
    {
        var sections = new List<CreditsSection>();
        foreach (var (kind, title) in Order)
        {
            var entries = _sections[kind];
            if (entries.Count == 0) continue;
            IEnumerable<KeyValuePair<(Platform Platform, string Name), Tally>> ordered = kind switch
            {
                "chatters" => entries.OrderByDescending(e => e.Value.Total).ThenBy(e => e.Value.First).Take(Math.Max(0, _options.TopChatters)),
                "cheerers" or "gifters" or "raiders" => entries.OrderByDescending(e => e.Value.Total).ThenBy(e => e.Value.First),
                _ => entries.OrderBy(e => e.Value.First),
            };
            var list = ordered.Select(e => new CreditsEntry(e.Key.Name, e.Key.Platform, Detail(kind, e.Value))).ToArray();
            if (list.Length > 0) sections.Add(new CreditsSection(kind, title, list));
        }
        return new CreditsPayload(sessionId ?? _creditedSessionId, context.Now.ToUnixTimeMilliseconds(), reason, sections);
    }

    private static string? Detail(string kind, Tally tally) => kind switch
    {
        "gifters" => tally.Total == 1 ? "1 gift" : Invariant($"{tally.Total:N0} gifts"),
        "cheerers" => Invariant($"{tally.Total:N0} bits"),
        "raiders" => tally.Total == 1 ? "1 viewer" : Invariant($"{tally.Total:N0} viewers"),
        "chatters" => tally.Total == 1 ? "1 message" : Invariant($"{tally.Total:N0} messages"),
        "superchats" => string.Join(" + ", tally.Money?.Select(m => Invariant($"{m.Value:0.00} {m.Key}").Trim()) ?? []),
        "raffle" => tally.Note,
        _ => null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Tally(int first, string? userId)
    {
        public int First { get; } = first;
        /// <summary>Who the name belongs to, for an erasure; null for names carried over a restart.</summary>
        public string? UserId { get; } = userId;
        public long Total { get; private set; }
        public string? Note { get; private set; }
        /// <summary>Amounts by currency (Super Chats); null until the first. Every chatter has a tally, few send money, and an
        /// empty sorted dictionary per chatter was ~110 bytes each, 22 MB in a flood of 200,000 chatters.</summary>
        public SortedDictionary<string, decimal>? Money { get; private set; }

        public void Add(long amount, string? note)
        {
            Total = amount > long.MaxValue - Total ? long.MaxValue : Total + amount;
            if (note is not null) Note = note;
        }

        public void AddMoney(decimal amount, string currency)
        {
            Money ??= new SortedDictionary<string, decimal>(StringComparer.Ordinal);
            Money[currency] = Money.GetValueOrDefault(currency) + amount;
        }
    }
}

/// <summary>What storage kept of the session a restart continues: its alerts as announced and each chatter's line count.</summary>
public sealed record CreditsSeed(string SessionId, IReadOnlyList<AlertPayload> Alerts, IReadOnlyList<(Platform Platform, string Name, int Messages)> Chatters,
    IReadOnlyList<(Platform Platform, string Name)>? RaffleWinners = null);
