using LiveBuddy.Core.Events;
using LiveBuddy.Storage.Polls;
using LiveBuddy.Storage.Qa;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Tests.Reports;

namespace LiveBuddy.Storage.Tests.Privacy;

public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = ReportDatabase.Start;
    private readonly ReportDatabase _data = new();

    public void Dispose() => _data.Dispose();

    private void WriteSession(string id, DateTimeOffset start)
    {
        var s = _data.Session(id, start, start.AddMinutes(5));
        _data.Write(_data.Started(s),
            _data.Chat(s, start.AddMinutes(1), "Alice", "hello there", 0.5f),
            _data.Chat(s, start.AddMinutes(2), "Bob", "hi", 0.1f),
            _data.Chat(s, start.AddMinutes(2).AddSeconds(5), "Alice", "how are you?", 0, question: true),
            _data.Event(s, _data.Alert(start.AddMinutes(3), AlertKind.Subscription, "Alice")),
            _data.Ended(s));
        _data.Db.Insert(new PollVoteRow { PollId = id + ":p", Platform = "twitch", ViewerId = "u-Alice", Option = 1, At = start.AddMinutes(4).ToUnixTimeMilliseconds() });
        _data.Db.Insert(new QuestionRow { Key = id + ":1", SessionId = id, ShortId = "1", Platform = "twitch", AuthorName = "Alice", Text = "how are you?", Status = "Pending", AskedAt = start.AddMinutes(2).ToUnixTimeMilliseconds() });
    }

    [Fact]
    public void Retention_deletes_old_chat_but_the_old_report_keeps_its_totals()
    {
        WriteSession("old", T0.AddDays(-100));
        WriteSession("recent", T0.AddDays(-1));
        var before = _data.Reports().Build("old", CancellationToken.None)!;

        var result = _data.Retention(days: 90).Apply(CancellationToken.None)!;

        Assert.Equal((1, 3, 1), (result.SessionsArchived, result.Messages, result.PollVotes));
        Assert.Equal(3, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
        Assert.Equal(0, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM alerts WHERE AuthorName IS NOT NULL AND SentAt < ?", T0.AddDays(-90).ToUnixTimeMilliseconds()));
        var after = _data.Reports().Build("old", CancellationToken.None)!;
        Assert.True(after.Archived);
        Assert.Equal(before.Totals with { ByPlatform = [], SharedChat = null }, after.Totals with { ByPlatform = [], SharedChat = null });
        Assert.Equal(before.Totals.ByPlatform, after.Totals.ByPlatform);
        Assert.Equal((before.Totals.SharedChat!.Lines, before.Totals.SharedChat.Chatters), (after.Totals.SharedChat!.Lines, after.Totals.SharedChat.Chatters));
        Assert.Equal(before.Totals.SharedChat.Channels, after.Totals.SharedChat.Channels);
        Assert.Equal(before.Timeline, after.Timeline);
        Assert.Empty(after.TopChatters);
        Assert.Equal("", after.Questions.All.Single().Author);
        Assert.False(_data.Reports().Build("recent", CancellationToken.None)!.Archived);
    }

    private long DaysAgo(int days) => T0.AddDays(-days).ToUnixTimeMilliseconds();

    /// <summary>A raffle opened <paramref name="daysAgo"/> with Alice and Bob entered then, and Alice drawn.</summary>
    private void WriteRaffle(string id, string sessionId, int daysAgo, string status)
    {
        var db = _data.Db;
        db.Execute("INSERT INTO raffles (Id, SessionId, Keyword, Cost, OpenedAt, EndsAt, Status) VALUES (?, ?, 'pickme', 0, ?, NULL, ?)", id, sessionId, DaysAgo(daysAgo), status);
        foreach (var who in new[] { "Alice", "Bob" })
            db.Execute("INSERT INTO raffle_entries (RaffleId, ViewerKey, Platform, UserId, Name, DisplayName, Paid, EnteredAt) VALUES (?, ?, 'twitch', ?, ?, ?, 0, ?)",
                id, "twitch:u-" + who, "u-" + who, who.ToLowerInvariant(), who, DaysAgo(daysAgo));
        db.Execute("INSERT INTO raffle_winners (RaffleId, ViewerKey, SessionId, Platform, DisplayName, DrawnAt) VALUES (?, 'twitch:u-Alice', ?, 'twitch', 'Alice', ?)",
            id, sessionId, DaysAgo(daysAgo));
    }

    private string Entrants(string raffle) =>
        string.Join(",", _data.Db.QueryScalars<string>("SELECT DisplayName || '/' || UserId || '/' || ViewerKey FROM raffle_entries WHERE RaffleId = ? ORDER BY DisplayName", raffle)
            .Select(e => e.Contains("/expired:", StringComparison.Ordinal) ? e[..(e.IndexOf("/expired:", StringComparison.Ordinal) + 9)] : e));

    [Fact]
    public void Retention_takes_names_off_old_raffle_entries_and_winners_and_keeps_points_balances()
    {
        WriteSession("old", T0.AddDays(-100));
        WriteRaffle("r-old", "old", daysAgo: 100, "closed");
        WriteRaffle("r-new", "s2", daysAgo: 2, "cancelled");
        _data.Db.Execute("INSERT INTO points_balances (ViewerKey, Platform, UserId, Name, DisplayName, Balance, UpdatedAt) VALUES ('twitch:u-Alice', 'twitch', 'u-Alice', 'alice', 'Alice', 50, ?)", DaysAgo(100));

        var result = _data.Retention(days: 90).Apply(CancellationToken.None)!;

        Assert.Equal("//expired:,//expired:", Entrants("r-old"));
        Assert.Equal("Alice/u-Alice/twitch:u-Alice,Bob/u-Bob/twitch:u-Bob", Entrants("r-new"));
        Assert.Equal(["", "Alice"], _data.Db.QueryScalars<string>("SELECT DisplayName FROM raffle_winners ORDER BY DisplayName"));
        Assert.True(result.Anonymized >= 3);
        Assert.Equal(["alice"], _data.Db.QueryScalars<string>("SELECT Name FROM points_balances"));
        // The old session's report was archived just before; the archive names no winner either, and the counts stay.
        var report = _data.Reports().Build("old", CancellationToken.None)!;
        Assert.True(report.Archived);
        var raffle = report.Raffles.Single(r => r.Id == "r-old");
        Assert.Equal(2, raffle.Entrants);
        Assert.Equal([""], raffle.Winners.Select(w => w.Name));
    }

    [Fact]
    public void Retention_leaves_the_names_on_an_old_raffle_that_is_still_being_drawn()
    {
        WriteRaffle("r-old", "old", daysAgo: 120, "cancelled");
        WriteRaffle("r-live", "s1", daysAgo: 100, "closed"); // the latest raffle, not finished: a restart resumes it

        _data.Retention(days: 90).Apply(CancellationToken.None);

        Assert.Equal("Alice/u-Alice/twitch:u-Alice,Bob/u-Bob/twitch:u-Bob", Entrants("r-live"));
        Assert.Equal("//expired:,//expired:", Entrants("r-old"));
        Assert.Equal(["", "Alice"], _data.Db.QueryScalars<string>("SELECT DisplayName FROM raffle_winners ORDER BY DisplayName"));
    }

    [Fact]
    public void Retention_twice_archives_a_session_once_and_zero_days_keeps_everything()
    {
        WriteSession("old", T0.AddDays(-100));

        Assert.Null(_data.Retention(days: 0).Apply(CancellationToken.None));
        Assert.Equal(1, _data.Retention().Apply(CancellationToken.None)!.SessionsArchived);
        Assert.Equal(0, _data.Retention().Apply(CancellationToken.None)!.SessionsArchived);
    }

    [Fact]
    public void Erasing_a_viewer_removes_their_messages_votes_record_and_name()
    {
        WriteSession("s1", T0.AddDays(-2));
        WriteSession("s2", T0.AddDays(-1));

        var result = _data.Retention().Erase("twitch", "u-Alice", CancellationToken.None);

        Assert.Equal((4, 1, 2, 2, 2), (result.Messages, result.ViewerRecords, result.PollVotes, result.Questions, result.Alerts));
        Assert.Equal(["s1", "s2"], result.Sessions.Order(StringComparer.Ordinal));
        Assert.Equal(0, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE AuthorId = 'u-Alice'"));
        Assert.Null(_data.Db.Find<ViewerRow>("twitch:u-Alice"));
        Assert.NotNull(_data.Db.Find<ViewerRow>("twitch:u-Bob"));
        var report = _data.Reports().Build("s2", CancellationToken.None)!;
        Assert.DoesNotContain(report.TopChatters, c => c.Name == "Alice");
        Assert.Equal("[erased]", report.Questions.All.Single().Author);
        Assert.Empty(report.TopSupporters);
        Assert.Equal(1, report.Alerts.Subscriptions); // the sub still counts, without a name
    }

    [Fact]
    public void Erasing_a_viewer_deletes_their_points_and_takes_their_name_and_id_off_raffles_whose_counts_stay()
    {
        WriteSession("s1", T0.AddDays(-1));
        var db = _data.Db;
        foreach (var who in new[] { "Alice", "Bob" })
        {
            db.Execute("INSERT INTO points_balances (ViewerKey, Platform, UserId, Name, DisplayName, Balance, UpdatedAt) VALUES (?, 'twitch', ?, ?, ?, 50, 0)",
                "twitch:u-" + who, "u-" + who, who.ToLowerInvariant(), who);
            db.Execute("INSERT INTO points_awards (ViewerKey, Minute, Kind) VALUES (?, 1, 'chat')", "twitch:u-" + who);
            db.Execute("INSERT INTO raffle_entries (RaffleId, ViewerKey, Platform, UserId, Name, DisplayName, Paid, EnteredAt) VALUES ('r1', ?, 'twitch', ?, ?, ?, 0, 0)",
                "twitch:u-" + who, "u-" + who, who.ToLowerInvariant(), who);
            db.Execute("INSERT INTO raffle_winners (RaffleId, ViewerKey, SessionId, Platform, DisplayName, DrawnAt) VALUES ('r1', ?, 's1', 'twitch', ?, 0)",
                "twitch:u-" + who, who);
        }

        var result = _data.Retention().Erase("twitch", "u-Alice", CancellationToken.None);

        Assert.Equal((1, 2), (result.PointsAccounts, result.RaffleEntries));
        Assert.Equal(["twitch:u-Bob"], db.QueryScalars<string>("SELECT ViewerKey FROM points_balances"));
        Assert.Equal(["twitch:u-Bob"], db.QueryScalars<string>("SELECT ViewerKey FROM points_awards"));
        Assert.Equal(2, db.ExecuteScalar<int>("SELECT COUNT(*) FROM raffle_entries WHERE RaffleId = 'r1'"));
        Assert.Equal(0, db.ExecuteScalar<int>("SELECT COUNT(*) FROM raffle_entries WHERE ViewerKey LIKE '%u-Alice%' OR UserId = 'u-Alice' OR DisplayName = 'Alice'"));
        Assert.Equal(["Bob", "[erased]"], db.QueryScalars<string>("SELECT DisplayName FROM raffle_winners ORDER BY DisplayName"));
    }

    [Fact]
    public void Erasing_a_viewer_removes_them_from_questions_they_asked_or_upvoted_under_any_name()
    {
        // Questions keep the asker's id and the upvoters (to restore the queue after a restart): both must go too.
        _data.Db.Insert(new QuestionRow
        {
            Key = "s9:1", SessionId = "s9", ShortId = "1", Platform = "twitch", AuthorName = "Ally", AuthorId = "u-Alice",
            Text = "which boss is next?", Status = "pending", VotersJson = """["twitch:u-Bob","twitch:u-Alice"]""",
        });
        _data.Db.Insert(new QuestionRow
        {
            Key = "s9:2", SessionId = "s9", ShortId = "2", Platform = "twitch", AuthorName = "Bob", AuthorId = "u-Bob",
            Text = "dlc tomorrow?", Status = "pending", VotersJson = """["twitch:u-Alice"]""",
        });

        var result = _data.Retention().Erase("twitch", "u-Alice", CancellationToken.None);

        Assert.Equal(1, result.Questions);
        var asked = _data.Db.Find<QuestionRow>("s9:1");
        Assert.Equal(("[erased]", "", """["twitch:u-Bob"]"""), (asked.AuthorName, asked.AuthorId, asked.VotersJson));
        Assert.Equal("[]", _data.Db.Find<QuestionRow>("s9:2").VotersJson);
    }

    [Fact]
    public void Erasing_a_viewer_also_removes_what_they_wrote_outside_any_session()
    {
        WriteSession("s1", T0.AddDays(-2));
        var none = _data.Session("", T0.AddDays(-1), null);
        _data.Write(_data.Chat(none, T0.AddDays(-1), "Alice", "anyone here?"), _data.Chat(none, T0.AddDays(-1), "Bob", "yes"));

        var result = _data.Retention().Erase("twitch", "u-Alice", CancellationToken.None);

        Assert.Equal(3, result.Messages);
        Assert.Equal(["s1"], result.Sessions);
        Assert.Equal(0, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE AuthorId = 'u-Alice'"));
        Assert.Equal(0, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM viewer_sessions WHERE ViewerKey = 'twitch:u-Alice'"));
        Assert.Equal(2, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE AuthorId = 'u-Bob'"));
    }

    [Fact]
    public void A_viewer_who_chats_again_after_an_erasure_can_be_erased_again()
    {
        var s1 = _data.Session("s1", T0.AddDays(-1), null);
        _data.Write(_data.Started(s1), _data.Chat(s1, T0.AddDays(-1), "Alice", "hi"));
        _data.Retention().Erase("twitch", "u-Alice", CancellationToken.None);

        // Same writer, same session: nothing may still believe the erased viewer's session is on record.
        _data.Write(_data.Chat(s1, T0.AddDays(-1).AddMinutes(1), "Alice", "me again"));
        var again = _data.Retention().Erase("twitch", "u-Alice", CancellationToken.None);

        Assert.Equal(1, again.Messages);
        Assert.Equal(0, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE AuthorId = 'u-Alice'"));
    }

    [Fact]
    public void A_viewer_erased_while_the_writer_remembered_their_row_gets_a_new_row_and_nobody_else_s_row_changes()
    {
        var s1 = _data.Session("s1", T0.AddDays(-1), null);
        _data.Write(_data.Started(s1), _data.Chat(s1, T0.AddDays(-1), "Alice", "hi"));
        // Alice's row was the newest, so SQLite gives its row id to the next new viewer: Bob.
        _data.Retention().Erase("twitch", "u-Alice", CancellationToken.None);
        _data.Write(_data.Chat(s1, T0.AddDays(-1).AddMinutes(1), "Bob", "hello"));
        _data.Write(_data.Chat(s1, T0.AddDays(-1).AddMinutes(2), "Alice", "back again"));

        var viewers = _data.Db.Query<ViewerRow>("SELECT Key, Name, Messages FROM viewers ORDER BY Key");
        Assert.Equal(["twitch:u-Alice", "twitch:u-Bob"], viewers.Select(v => v.Key));
        Assert.All(viewers, v => Assert.Equal(1, v.Messages));
        Assert.Equal("bob", viewers[1].Name.ToLowerInvariant());
    }

    [Fact]
    public void Retention_forgets_the_sessions_of_viewers_it_forgets()
    {
        WriteSession("old", T0.AddDays(-100));
        WriteSession("recent", T0.AddDays(-1));
        var oldOnly = _data.Session("old2", T0.AddDays(-99), T0.AddDays(-99).AddMinutes(5));
        _data.Write(_data.Started(oldOnly), _data.Chat(oldOnly, T0.AddDays(-99).AddMinutes(1), "Carol", "bye"), _data.Ended(oldOnly));

        _data.Retention(days: 90).Apply(CancellationToken.None);

        Assert.Equal(0, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM viewer_sessions WHERE ViewerKey = 'twitch:u-Carol'"));
        Assert.Equal(2, _data.Db.ExecuteScalar<int>("SELECT COUNT(*) FROM viewer_sessions WHERE ViewerKey = 'twitch:u-Alice'"));
    }

    [Fact]
    public void Erasing_someone_unknown_finds_nothing()
    {
        WriteSession("s1", T0.AddDays(-2));

        Assert.False(_data.Retention().Erase("youtube", "nobody", CancellationToken.None).Found);
    }
}
