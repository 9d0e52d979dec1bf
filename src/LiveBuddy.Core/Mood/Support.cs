using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Mood;

/// <summary>
/// What gifts and money add to engagement, counted the same way live (the mood meter) and in the post-stream report.
/// A subscription, resub, gift upgrade, membership or milestone is one sub; a gifted sub, gift bomb or membership gift
/// counts its gifts; bits and YouTube Jewels are worth a cent each; Super Chats, Super Stickers and tips count their
/// amount in their own currency, at face value (LiveBuddy has no exchange rates, and the log scale below keeps a
/// currency with small units from counting for more than a few points). Follows, raids, channel-point redemptions and
/// hype-train summaries (made of the gifts already counted) are not support.
/// </summary>
/// <param name="Subs">Subscriptions, memberships and gifted ones.</param>
/// <param name="Money">Money, bits and Jewels at a cent each.</param>
public readonly record struct Support(int Subs, decimal Money)
{
    public static Support Of(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Of(alert.Kind, alert.Amount, alert.Count);
    }

    public static Support Of(AlertKind kind, decimal? amount, int? count) => kind switch
    {
        AlertKind.Subscription or AlertKind.Resubscription or AlertKind.GiftUpgrade or AlertKind.Membership or AlertKind.MembershipMilestone
            => new(1, 0),
        AlertKind.GiftSubscription or AlertKind.GiftBomb or AlertKind.MembershipGift => new(Math.Max(1, count ?? 1), 0),
        AlertKind.Bits => new(0, Math.Max(0, amount ?? count ?? 0) / 100),
        AlertKind.Gift => new(0, Math.Max(0, amount ?? 0) / 100), // Jewels
        AlertKind.SuperChat or AlertKind.SuperSticker or AlertKind.Tip => new(0, Math.Max(0, amount ?? 0)),
        _ => default,
    };

    public static Support operator +(Support a, Support b) => new(a.Subs + b.Subs, a.Money + b.Money);

    /// <summary>
    /// Support points, log scale so the first gift counts most: 12 per doubling of money (a $5 Super Chat ≈ 31, $100 ≈
    /// 80) and 8 per doubling of subs (one sub = 8, a 10-gift bomb ≈ 28). Engagement gives support 15 % of its weight.
    /// </summary>
    public float Points => 12 * MathF.Log2(1 + (float)Money) + 8 * MathF.Log2(1 + Subs);
}
