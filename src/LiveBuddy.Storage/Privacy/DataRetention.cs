using System.Text.Json;
using LiveBuddy.Storage.Qa;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Storage.Privacy;

/// <summary>What one retention run removed.</summary>
/// <param name="Cutoff">Data older than this was removed.</param>
/// <param name="SessionsArchived">Sessions whose summary was kept before their chat went.</param>
/// <param name="Messages">Chat messages deleted.</param>
/// <param name="PollVotes">Poll votes deleted.</param>
/// <param name="QuestionUpvotes">Q&amp;A upvotes deleted.</param>
/// <param name="Viewers">Viewer records (names, first/last seen) deleted.</param>
/// <param name="Anonymized">Alerts, moderation actions, questions, redemptions, raffle entries and raffle winners whose names were removed.</param>
public sealed record RetentionResult(DateTimeOffset Cutoff, int SessionsArchived, int Messages, int PollVotes, int QuestionUpvotes,
    int Viewers, int Anonymized);

/// <summary>What erasing one viewer removed (the answer of <c>DELETE /api/viewers/{platform}/{userId}</c>).</summary>
/// <param name="Platform">Platform wire name.</param>
/// <param name="UserId">The platform's user id.</param>
/// <param name="Messages">Their chat messages deleted.</param>
/// <param name="ViewerRecords">Their viewer record (0 or 1).</param>
/// <param name="PollVotes">Their poll votes deleted.</param>
/// <param name="QuestionUpvotes">Their Q&amp;A upvotes deleted.</param>
/// <param name="Questions">Questions they asked, now shown without a name.</param>
/// <param name="Alerts">Alerts of theirs, now without name and message (amounts stay in the totals).</param>
/// <param name="ModerationActions">Moderation actions against them, now without their name.</param>
/// <param name="Sessions">Sessions that held their messages (stored report files of these are rewritten).</param>
/// <param name="PointsAccounts">Their points balance deleted (0 or 1), with its award keys.</param>
/// <param name="RaffleEntries">Raffle entries and wins of theirs, now without their name or id (the counts stay).</param>
public sealed record ErasureResult(string Platform, string UserId, int Messages, int ViewerRecords, int PollVotes, int QuestionUpvotes,
    int Questions, int Alerts, int ModerationActions, IReadOnlyList<string> Sessions, int PointsAccounts = 0, int RaffleEntries = 0)
{
    /// <summary>Whether anything about the viewer was found.</summary>
    public bool Found => Messages + ViewerRecords + PollVotes + QuestionUpvotes + Questions + Alerts + ModerationActions + PointsAccounts + RaffleEntries > 0;
}

/// <summary>
/// Privacy: <c>Storage:RetentionDays</c> and erasing one viewer on request (<c>!forgetme</c>, the API).
/// <para>
/// Retention deletes chat messages, poll votes, Q&amp;A upvotes and viewer records older than the period, and
/// removes names from older alerts, moderation actions, questions, redemptions and raffle entries and winners. What
/// reports need survives: minute stats, polls, alert kinds and amounts, question texts, raffle entry counts, and a
/// per-session summary (<see cref="SessionArchiveRow"/>: the full report taken just before the session's chat goes,
/// without names or quotes). Points balances are kept: they are the viewer's currency, however long ago they earned
/// it (erasing the viewer deletes theirs), and saved quotes are the channel's, chosen by its moderators.
/// </para>
/// </summary>
public sealed partial class DataRetention(SessionStore store, SessionReports reports, IOptions<StorageOptions> options, TimeProvider time,
    ILogger<DataRetention> logger)
{
    private const string Erased = "[erased]";

    /// <summary>Applies <c>Storage:RetentionDays</c> as of now; 0 days keeps everything.</summary>
    public RetentionResult? Apply(CancellationToken cancellationToken) =>
        options.Value.RetentionDays <= 0 ? null : Apply(time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays), cancellationToken);

    /// <summary>Removes viewer data older than <paramref name="cutoff"/>, archiving the affected sessions first.</summary>
    public RetentionResult Apply(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var before = cutoff.ToUnixTimeMilliseconds();
        using var db = LiveBuddyDatabase.Open(store.DatabasePath, time: time);
        var archived = 0;
        // Sessions that began before the cutoff may lose chat now: keep their summary first, once.
        var sessions = db.Query<SessionRow>(
            "SELECT * FROM sessions WHERE StartedAt < ? AND Id NOT IN (SELECT SessionId FROM session_archive)", before);
        foreach (var session in sessions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hasOldChat = db.ExecuteScalar<int>("SELECT EXISTS(SELECT 1 FROM messages WHERE SessionId = ? AND SentAt < ?)", session.Id, before) == 1;
            if (!hasOldChat) continue;
            var report = SessionArchive.Strip(reports.Build(db, session, cancellationToken));
            db.InsertOrReplace(new SessionArchiveRow
            {
                SessionId = session.Id,
                Json = JsonSerializer.Serialize(report, ReportJsonContext.Default.SessionReport),
                ArchivedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
            });
            archived++;
        }

        RetentionResult result = null!;
        db.RunInTransaction(() =>
        {
            var messages = db.Execute("DELETE FROM messages WHERE SentAt < ?", before);
            var votes = db.Execute("DELETE FROM poll_votes WHERE At < ?", before);
            var upvotes = db.Execute("DELETE FROM question_upvotes WHERE At < ?", before);
            var viewers = db.Execute("DELETE FROM viewers WHERE LastSeenAt < ?", before);
            // A viewer not seen since the cutoff has no chat left: forget the sessions they chatted in too.
            if (db.Execute("DELETE FROM viewer_sessions WHERE ViewerKey NOT IN (SELECT Key FROM viewers)") > 0) LiveBuddyDatabase.ViewerSessionsChanged(db);
            var anonymized =
                db.Execute("UPDATE alerts SET AuthorId = NULL, AuthorName = NULL, Message = NULL WHERE SentAt < ? AND (AuthorId IS NOT NULL OR AuthorName IS NOT NULL OR Message IS NOT NULL)", before)
                + db.Execute("UPDATE moderation_actions SET TargetId = NULL, TargetName = NULL, Reason = NULL WHERE At < ? AND (TargetId IS NOT NULL OR TargetName IS NOT NULL OR Reason IS NOT NULL)", before)
                + db.Execute("UPDATE questions SET AuthorName = '', AuthorId = '', VotersJson = '[]' WHERE AskedAt < ? AND (AuthorName <> '' OR AuthorId <> '' OR VotersJson <> '[]')", before)
                // A redemption still waiting keeps its viewer: a moderator has yet to fulfil or refund it.
                + db.Execute("UPDATE redemptions SET ViewerId = '', ViewerName = '', Input = NULL WHERE RedeemedAt < ? AND Status <> 'waiting' AND ViewerId <> ''", before)
                + ExpireRaffleNames(db, before);
            result = new RetentionResult(cutoff, archived, messages, votes, upvotes, viewers, anonymized);
        });
        LogRetention(cutoff, result.SessionsArchived, result.Messages, result.Viewers);
        return result;
    }

    /// <summary>
    /// Raffle entries and winners older than the cutoff lose their name and id (the key, which holds the id, becomes a
    /// random one), so entry counts and the number of winners stay. The raffle a restart resumes (the latest, while open
    /// or closed) keeps them: it may still be drawn from.
    /// </summary>
    private static int ExpireRaffleNames(SQLite.SQLiteConnection db, long before)
    {
        var inPlay = db.ExecuteScalar<string?>(
            "SELECT Id FROM (SELECT Id, Status FROM raffles ORDER BY OpenedAt DESC LIMIT 1) WHERE Status IN ('open', 'closed')") ?? "";
        return db.Execute(
                "UPDATE raffle_entries SET ViewerKey = 'expired:' || lower(hex(randomblob(8))), UserId = '', Name = '', DisplayName = '' WHERE EnteredAt < ? AND RaffleId <> ? AND UserId <> ''",
                before, inPlay)
            + db.Execute(
                $"UPDATE raffle_winners SET ViewerKey = 'expired:' || lower(hex(randomblob(8))), DisplayName = '' WHERE DrawnAt < ? AND RaffleId <> ? AND DisplayName NOT IN ('', '{Erased}')",
                before, inPlay);
    }

    /// <summary>
    /// Erases one viewer: their messages, viewer record, poll votes and upvotes are deleted; their name is removed
    /// from questions, alerts and moderation actions. Minute stats and archived summaries hold no names and stay.
    /// </summary>
    public ErasureResult Erase(string platform, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(platform);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        cancellationToken.ThrowIfCancellationRequested();
        using var db = LiveBuddyDatabase.Open(store.DatabasePath, time: time);
        var key = platform + ":" + userId;
        ErasureResult result = null!;
        db.RunInTransaction(() =>
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (db.Find<ViewerRow>(key) is { } viewer)
            {
                names.Add(viewer.Name);
                names.Add(viewer.DisplayName);
            }
            // The sessions they chatted in ("" for lines outside a session): a scan of one row per viewer and session, kept
            // without an index so chat never pays for one. Each session's lines are then read by its index, once: the
            // delete hands back the names the lines were written under.
            var chattedIn = db.QueryScalars<string>("SELECT DISTINCT SessionId FROM viewer_sessions WHERE ViewerKey = ?", key);
            var messages = 0;
            var sessions = new List<string>();
            foreach (var session in chattedIn)
            {
                var deleted = db.Query<MessageRow>(
                    "DELETE FROM messages WHERE SessionId = ? AND Platform = ? AND AuthorId = ? RETURNING AuthorName, AuthorDisplayName", session, platform, userId);
                foreach (var m in deleted)
                {
                    names.Add(m.AuthorName);
                    names.Add(m.AuthorDisplayName);
                }
                messages += deleted.Count;
                if (deleted.Count > 0 && session.Length > 0) sessions.Add(session);
            }
            db.Execute("DELETE FROM viewer_sessions WHERE ViewerKey = ?", key);
            LiveBuddyDatabase.ViewerSessionsChanged(db);
            names.RemoveWhere(string.IsNullOrWhiteSpace);

            var viewers = db.Execute("DELETE FROM viewers WHERE Key = ?", key);
            // Votes and upvotes may be keyed by the bare user id or by platform:userId.
            var votes = db.Execute("DELETE FROM poll_votes WHERE Platform = ? AND (ViewerId = ? OR ViewerId = ?)", platform, userId, key);
            var upvotes = db.Execute("DELETE FROM question_upvotes WHERE Platform = ? AND (ViewerId = ? OR ViewerId = ?)", platform, userId, key);
            var (nameList, args) = NameParameters(names);
            var questions = db.Execute(
                $"UPDATE questions SET AuthorName = '{Erased}', AuthorId = '' WHERE Platform = ? AND (AuthorId = ?{(names.Count == 0 ? "" : $" OR AuthorName COLLATE NOCASE IN ({nameList})")})",
                [platform, userId, .. args]);
            EraseUpvoter(db, key);
            var alerts = db.Execute(
                $"UPDATE alerts SET AuthorId = NULL, AuthorName = NULL, Message = NULL WHERE Platform = ? AND (AuthorId = ?{(names.Count == 0 ? "" : $" OR AuthorName COLLATE NOCASE IN ({nameList})")})",
                [platform, userId, .. args]);
            var moderation = db.Execute(
                $"UPDATE moderation_actions SET TargetId = NULL, TargetName = NULL WHERE Platform = ? AND (TargetId = ?{(names.Count == 0 ? "" : $" OR TargetName COLLATE NOCASE IN ({nameList})")})",
                [platform, userId, .. args]);
            // Channel-points redemptions: the name and what they typed go; the redemption (reward, cost, status) stays.
            db.Execute($"UPDATE redemptions SET ViewerId = '', ViewerName = '{Erased}', Input = NULL WHERE Platform = ? AND ViewerId = ?", platform, userId);
            var points = db.Execute("DELETE FROM points_balances WHERE ViewerKey = ?", key);
            db.Execute("DELETE FROM points_awards WHERE ViewerKey = ?", key);
            // A raffle's entries and winners keep their number; the key (which holds the user id) becomes a random one.
            var raffles = db.Execute(
                    $"UPDATE raffle_entries SET ViewerKey = 'erased:' || lower(hex(randomblob(8))), UserId = '', Name = '', DisplayName = '{Erased}' WHERE ViewerKey = ?", key)
                + db.Execute($"UPDATE raffle_winners SET ViewerKey = 'erased:' || lower(hex(randomblob(8))), DisplayName = '{Erased}' WHERE ViewerKey = ?", key);
            result = new ErasureResult(platform, userId, messages, viewers, votes, upvotes, questions, alerts, moderation, sessions, points, raffles);
        });
        LogErased(platform, result.Messages, result.Sessions.Count);
        return result;
    }

    /// <summary>Takes <c>platform:userId</c> out of every question's list of upvoters (kept for restoring the queue).</summary>
    private static void EraseUpvoter(SQLite.SQLiteConnection db, string voterKey)
    {
        var quoted = JsonSerializer.Serialize(voterKey);
        foreach (var row in db.Query<QuestionRow>("SELECT * FROM questions WHERE instr(VotersJson, ?) > 0", quoted))
        {
            var voters = JsonSerializer.Deserialize<List<string>>(row.VotersJson) ?? [];
            if (voters.RemoveAll(v => string.Equals(v, voterKey, StringComparison.Ordinal)) == 0) continue;
            db.Execute("UPDATE questions SET VotersJson = ? WHERE Key = ?", JsonSerializer.Serialize(voters), row.Key);
        }
    }

    private static (string Placeholders, object[] Args) NameParameters(HashSet<string> names) =>
        (string.Join(", ", names.Select(_ => "?")), names.Cast<object>().ToArray());

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed data older than {Cutoff}: {Archived} sessions archived, {Messages} messages and {Viewers} viewer records deleted")]
    private partial void LogRetention(DateTimeOffset cutoff, int archived, int messages, int viewers);

    // The user id is not logged: the log must not keep what was just erased.
    [LoggerMessage(Level = LogLevel.Information, Message = "Erased a {Platform} viewer on request: {Messages} messages from {Sessions} sessions")]
    private partial void LogErased(string platform, int messages, int sessions);
}
