using System.Globalization;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Alerts;

/// <summary>
/// One queue for every alert of every platform. Folds what several connections report about one real event:
/// a <see cref="Alert.DedupeKey"/> is announced again only when the same <see cref="Alert.Origin"/> reports it
/// again (IRC and EventSub telling of one sub make one alert; two real gifts make two), and single gifts whose
/// <see cref="Alert.GiftBombId"/> belongs to an announced gift bomb are folded into it. Applies per-kind
/// settings, filters messages, and replays or fakes alerts for the control page.
/// </summary>
public sealed class AlertQueue : IStreamFeature
{
    private readonly AlertsOptions _options;
    private readonly WordFilter? _filter;
    private readonly IChatScorer? _scorer;
    private readonly Dictionary<string, AlertRule> _rules;
    private readonly AlertFold _fold;
    private readonly LinkedList<AlertPayload> _recent = new();
    // Overlays connect on other threads: they read this immutable copy, never the live list.
    private volatile AlertPayload[] _published;
    private DateTimeOffset _lastPrune;
    private int _tests;

    /// <param name="options">Dedupe window, per-kind rules, message filtering.</param>
    /// <param name="filter">Banned words and patterns (<see cref="WordFilter.From"/> of the moderation options).</param>
    /// <param name="scorer">The chat scorer, when loaded: alert messages it finds toxic are blanked too.</param>
    /// <param name="recent">Recently announced alerts from storage, newest first, so replay works after a restart.</param>
    public AlertQueue(AlertsOptions options, WordFilter? filter = null, IChatScorer? scorer = null, IEnumerable<AlertPayload>? recent = null)
    {
        _options = options;
        _filter = filter;
        _scorer = scorer;
        _rules = new Dictionary<string, AlertRule>(options.Kinds, StringComparer.OrdinalIgnoreCase);
        _fold = new AlertFold(options.DedupeWindow);
        foreach (var alert in (recent ?? []).Take(options.Recent)) _recent.AddLast(alert);
        _published = _recent.ToArray();
    }

    /// <summary>The <c>alerts</c> snapshot (recent alerts, newest first); safe from any thread.</summary>
    public OverlaySnapshot? Snapshot() => new("alerts", new AlertsSnapshot(_published));

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case Alert alert:
                if (ShouldAnnounce(alert, context.Now)) Announce(ToPayload(alert), context);
                break;
            case ReplayAlert replay:
                var found = _recent.FirstOrDefault(a => string.Equals(a.Id, replay.AlertId, StringComparison.Ordinal));
                if (found is null)
                {
                    replay.Completion.TrySetResult(new ControlError($"No recent alert {replay.AlertId}."));
                    break;
                }
                var again = found with { Replay = true };
                context.Emit(new AlertAnnounced(again)); // not added to recent: it is already there
                replay.Completion.TrySetResult(again);
                break;
            case TestAlert test:
                var fake = Fake(test, context.Now);
                Announce(fake, context);
                test.Completion.TrySetResult(fake);
                break;
            case Tick:
                if (context.Now - _lastPrune >= TimeSpan.FromSeconds(30))
                {
                    _lastPrune = context.Now;
                    _fold.Prune(context.Now);
                }
                break;
        }
    }

    private bool ShouldAnnounce(Alert alert, DateTimeOffset now) =>
        _fold.IsNew(alert, now) && Allowed(alert, _rules.GetValueOrDefault(KindName(alert.Kind)));

    private static bool Allowed(Alert alert, AlertRule? rule)
    {
        if (rule is null) return true;
        if (!rule.Enabled) return false;
        var size = alert.Amount ?? alert.Count ?? 0;
        return size >= rule.MinAmount;
    }

    private AlertPayload ToPayload(Alert alert) => new(
        $"{alert.Platform.ToWire()}:{alert.Id}",
        alert.Platform,
        KindName(alert.Kind),
        alert.Author?.DisplayName,
        alert.Amount,
        alert.Currency,
        alert.Count,
        CleanMessage(alert),
        alert.SentAt.ToUnixTimeMilliseconds(),
        alert.Tier,
        alert.Recipient?.DisplayName,
        HypeTrain: alert.HypeTrain,
        ItemName: alert.ItemName,
        ImageUrl: alert.ImageUrl);

    private string? CleanMessage(Alert alert)
    {
        var message = alert.Message?.Trim();
        if (string.IsNullOrEmpty(message)) return null;
        if (_options.FilterMessages && (_filter?.Match(message) is not null || IsToxic(alert, message))) return null;
        return message.Length <= _options.MaxMessageLength ? message : string.Concat(message.AsSpan(0, _options.MaxMessageLength - 1), "…");
    }

    private bool IsToxic(Alert alert, string message)
    {
        if (_scorer is null) return false;
        try
        {
            return _scorer.Score(new ChatMessage
            {
                Platform = alert.Platform,
                Id = alert.Id,
                Channel = alert.Channel,
                SentAt = alert.SentAt,
                ReceivedAt = alert.ReceivedAt,
                Author = alert.Author ?? Author.Anonymous,
                Text = message,
            }).Toxic;
        }
        catch (Exception)
        {
            // A scorer failure must not cost the supporter their alert; the word filter already ran.
            return false;
        }
    }

    private void Announce(AlertPayload payload, FeatureContext context)
    {
        _recent.AddFirst(payload);
        while (_recent.Count > _options.Recent) _recent.RemoveLast();
        _published = _recent.ToArray();
        context.Emit(new AlertAnnounced(payload));
    }

    private AlertPayload Fake(TestAlert test, DateTimeOffset now)
    {
        var n = ++_tests;
        (decimal? Amount, string? Currency, int? Count, string? Message) sample = test.Kind switch
        {
            AlertKind.Bits => (500m, "BITS", null, "Test cheer!"),
            AlertKind.SuperChat => (5m, "USD", null, "Test Super Chat, love the stream!"),
            AlertKind.SuperSticker => (2m, "USD", null, null),
            AlertKind.Raid => (null, null, 42, null),
            AlertKind.GiftBomb or AlertKind.MembershipGift => (null, null, 5, null),
            AlertKind.GiftSubscription => (null, null, 1, null),
            AlertKind.Subscription or AlertKind.Resubscription or AlertKind.Membership or AlertKind.MembershipMilestone => (null, null, 6, "Test sub message"),
            _ => (null, null, null, null),
        };
        return new AlertPayload(string.Create(CultureInfo.InvariantCulture, $"test:{now.ToUnixTimeMilliseconds()}-{n}"), test.Platform,
            KindName(test.Kind), "LiveBuddy", sample.Amount, sample.Currency, sample.Count, sample.Message, now.ToUnixTimeMilliseconds(), Test: true);
    }

    /// <summary>The payload name of a kind: the enum name in camelCase (<c>GiftSubscription</c> → <c>giftSubscription</c>).</summary>
    public static string KindName(AlertKind kind)
    {
        var name = kind.ToString();
        return string.Concat(name[..1].ToLowerInvariant(), name.AsSpan(1));
    }
}
