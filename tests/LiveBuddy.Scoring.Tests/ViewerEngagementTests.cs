using LiveBuddy.Scoring.Engagement;

namespace LiveBuddy.Scoring.Tests;

public sealed class ViewerEngagementTests
{
    private static ViewerSession V(string id, int messages, decimal money = 0, int gifts = 0) =>
        new(new ViewerKey("twitch", id), id, messages, money, gifts);

    private static readonly IReadOnlyList<IReadOnlyList<ViewerSession>> History =
    [
        [V("ana", 10), V("bo", 3), V("cy", 1)],
        [V("ana", 12), V("bo", 5)],
        [V("ana", 8), V("bo", 2), V("dee", 4)],
        [V("ana", 9), V("cy", 2)],
    ];

    [Fact]
    public void Regulars_are_viewers_seen_in_enough_recent_sessions()
    {
        var regulars = ViewerEngagement.Regulars(History, minSessions: 3, lookback: 4);

        Assert.Equal(["ana", "bo"], regulars.Select(r => r.Name));
        Assert.Equal(4, regulars[0].Sessions);
    }

    [Fact]
    public void New_chatters_are_those_never_seen_before()
    {
        IReadOnlyList<ViewerSession> today = [V("ana", 3), V("eve", 7), V("fin", 1), V("lurker", 0)];

        var fresh = ViewerEngagement.NewChatters(today, History);

        Assert.Equal(["eve", "fin"], fresh.Select(v => v.Name));
    }

    [Fact]
    public void Missing_regulars_are_regulars_who_did_not_chat_this_time()
    {
        IReadOnlyList<ViewerSession> today = [V("ana", 3), V("bo", 0)];

        var missing = ViewerEngagement.MissingRegulars(today, History, minSessions: 3, lookback: 4);

        Assert.Equal(["bo"], missing.Select(v => v.Name));
    }

    [Fact]
    public void Top_supporters_rank_money_and_gifts_together()
    {
        IReadOnlyList<ViewerSession> today = [V("ana", 3, money: 10m), V("bo", 1, gifts: 5), V("cy", 9), V("dee", 2, money: 30m)];

        var top = ViewerEngagement.TopSupporters(today, count: 2);

        Assert.Equal(["dee", "bo"], top.Select(v => v.Name));
        Assert.Equal(25m, top[1].Value);
    }
}
