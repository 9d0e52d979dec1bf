using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Goals;

/// <summary>
/// The goal bars: one goal per kind (followers, subs, bits, Super Chat, points, chat messages), counted from the
/// events as they happen and kept across restarts. A sub reported by both IRC and EventSub, or a gift bomb and its
/// single gifts, count once (<see cref="AlertFold"/>). Progress goes to overlays and storage at most every
/// <see cref="GoalsOptions.PushInterval"/>; the moment a goal is reached goes out at once.
/// </summary>
public sealed class GoalBoard : IStreamFeature
{
    public const decimal MaxValue = 1_000_000_000_000m;
    private const int MaxLabelLength = 60;

    private readonly GoalsOptions _options;
    private readonly Counters? _counters;
    private readonly AlertFold _fold = new(TimeSpan.FromMinutes(10));
    private readonly Dictionary<GoalKind, GoalPayload> _goals = [];
    private volatile GoalsPayload _published;
    private bool _dirty;
    private DateTimeOffset _lastPush;

    /// <param name="options">Super Chat currency and rates, push interval.</param>
    /// <param name="stored">Goals as they were stored (progress, targets and labels survive a restart).</param>
    /// <param name="counters">For <c>goals.unconverted</c>.</param>
    public GoalBoard(GoalsOptions options, IEnumerable<GoalPayload>? stored = null, Counters? counters = null)
    {
        _options = options;
        _counters = counters;
        foreach (var kind in Enum.GetValues<GoalKind>())
            _goals[kind] = new GoalPayload(GoalKinds.Name(kind), GoalKinds.DefaultLabel(kind), 0, 0, null, kind == GoalKind.SuperChat ? options.Currency : null);
        foreach (var goal in stored ?? [])
        {
            if (!GoalKinds.TryParse(goal.Kind, out var kind)) continue;
            _goals[kind] = goal with
            {
                Kind = GoalKinds.Name(kind),
                Current = Math.Clamp(goal.Current, 0, MaxValue),
                Target = Math.Clamp(goal.Target, 0, (long)MaxValue),
                Currency = kind == GoalKind.SuperChat ? options.Currency : null,
            };
        }
        _published = Build();
    }

    /// <summary>The <c>goals</c> snapshot; safe from any thread.</summary>
    public OverlaySnapshot? Snapshot() => new("goals", _published);

    /// <summary>Every goal with its progress so far; safe from any thread.</summary>
    public GoalsPayload Current => _published;

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case ChatMessage chat when chat.TakesPart:
                Add(GoalKind.Messages, 1, context);
                break;
            case Alert alert when _fold.IsNew(alert, context.Now):
                Count(alert, context);
                break;
            case SetGoal set:
                set.Completion.TrySetResult(Set(set, context));
                break;
            case Tick when _dirty && context.Now - _lastPush >= _options.PushInterval:
                Push(context);
                break;
        }
    }

    /// <summary>Adds points earned (the points feature calls this as it awards them).</summary>
    public void AddPoints(long points, FeatureContext context)
    {
        if (points > 0) Add(GoalKind.Points, points, context);
    }

    private void Count(Alert alert, FeatureContext context)
    {
        switch (alert.Kind)
        {
            case AlertKind.Follow:
                Add(GoalKind.Followers, 1, context);
                break;
            case AlertKind.Subscription or AlertKind.Resubscription or AlertKind.Membership or AlertKind.MembershipMilestone:
                Add(GoalKind.Subs, 1, context);
                break;
            case AlertKind.GiftSubscription:
                Add(GoalKind.Subs, Math.Max(1, alert.Count ?? 1), context);
                break;
            case AlertKind.GiftBomb or AlertKind.MembershipGift:
                Add(GoalKind.Subs, Math.Max(0, alert.Count ?? 0), context);
                break;
            case AlertKind.Bits:
                Add(GoalKind.Bits, Math.Max(0, alert.Amount ?? alert.Count ?? 0), context);
                break;
            case AlertKind.SuperChat or AlertKind.SuperSticker when alert.Amount is > 0 and var amount:
                if (Convert(amount, alert.Currency) is { } value) Add(GoalKind.SuperChat, value, context);
                else _counters?.Add("goals.unconverted");
                break;
        }
    }

    private decimal? Convert(decimal amount, string? currency)
    {
        if (string.IsNullOrEmpty(currency) || string.Equals(currency, _options.Currency, StringComparison.OrdinalIgnoreCase)) return amount;
        return _options.Rates.TryGetValue(currency, out var rate) && rate > 0 ? Math.Round(amount * rate, 2) : null;
    }

    private void Add(GoalKind kind, decimal amount, FeatureContext context)
    {
        if (amount <= 0) return;
        var goal = _goals[kind];
        var wasReached = goal.Reached;
        goal = goal with { Current = Math.Min(MaxValue, goal.Current + amount) };
        if (!wasReached && goal.Reached) goal = goal with { ReachedAt = context.Now.ToUnixTimeMilliseconds() };
        _goals[kind] = goal;
        _published = Build();
        _dirty = true;
        if ((!wasReached && goal.Reached) || context.Now - _lastPush >= _options.PushInterval) Push(context);
    }

    private object Set(SetGoal set, FeatureContext context)
    {
        if (!GoalKinds.TryParse(set.Kind, out var kind))
            return new ControlError($"Unknown goal kind '{set.Kind}': use followers, subs, bits, superchat, points or messages.");
        if (set.Target is < 0 or > (long)MaxValue) return new ControlError("The target must be between 0 and 1,000,000,000,000.");
        if (set.Current is < 0 or > MaxValue) return new ControlError("The progress must be between 0 and 1,000,000,000,000.");
        var label = set.Label?.Trim();
        if (label is { Length: > MaxLabelLength }) return new ControlError($"The label can be at most {MaxLabelLength} characters.");

        var goal = _goals[kind];
        goal = goal with
        {
            Label = label is null ? goal.Label : label.Length == 0 ? GoalKinds.DefaultLabel(kind) : label,
            Target = set.Target ?? goal.Target,
            Current = set.Current is { } current ? Math.Round(current, 2) : goal.Current,
        };
        // A new target or a reset starts the celebration over; reaching it again celebrates again.
        goal = goal with { ReachedAt = goal.Reached ? goal.ReachedAt ?? context.Now.ToUnixTimeMilliseconds() : null };
        _goals[kind] = goal;
        Push(context);
        return goal;
    }

    private void Push(FeatureContext context)
    {
        _dirty = false;
        _lastPush = context.Now;
        _published = Build();
        context.Emit(new GoalsChanged(_published));
    }

    private GoalsPayload Build() => new(Enum.GetValues<GoalKind>().Select(k => _goals[k]).ToArray());
}
