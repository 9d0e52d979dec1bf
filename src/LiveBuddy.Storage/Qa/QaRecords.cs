using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Qa;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Qa;

/// <summary>Stores the Q&amp;A questions, and reads back the queue a restart carries on with.</summary>
public sealed class QaRecords : IStorageExtension
{
    public bool Wants(LiveUpdate update) => update is QuestionChanged;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        if (update is not QuestionChanged { Question: var q }) return;
        var sid = sessionId.Length > 0 ? sessionId : "none";
        db.InsertOrReplace(new QuestionRow
        {
            Key = sid + ":" + q.Uid,
            SessionId = sessionId,
            ShortId = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Platform = q.Platform.ToWire(),
            AuthorName = q.AuthorName,
            Text = q.Text,
            Upvotes = q.Upvotes,
            Status = q.Status.ToString().ToLowerInvariant(),
            AskedAt = q.AskedAt.ToUnixTimeMilliseconds(),
            UpdatedAt = (q.ClosedAt ?? q.AskedAt).ToUnixTimeMilliseconds(),
            Uid = q.Uid,
            Channel = q.Channel,
            AuthorId = q.AuthorId,
            VotersJson = StoredJson.Write(q.Voters),
        });
    }

    /// <summary>
    /// The questions of <paramref name="sessionId"/> (the last 1,000, as the queue keeps), so a restart within the session's
    /// grace period carries on with the queue: open questions, the one being answered, and the numbering.
    /// </summary>
    public static IReadOnlyList<QaQuestion> LoadQuestions(SQLiteConnection db, string sessionId)
    {
        var questions = new List<QaQuestion>();
        var prefix = sessionId + ":";
        foreach (var row in db.Query<QuestionRow>("SELECT * FROM questions WHERE SessionId = ? ORDER BY AskedAt DESC LIMIT 1000", sessionId))
        {
            if (!int.TryParse(row.ShortId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                || !PlatformNames.TryParse(row.Platform, out var platform)
                || !Enum.TryParse<QaStatus>(row.Status, ignoreCase: true, out var status))
                continue;
            var closed = status is QaStatus.Answered or QaStatus.Dismissed;
            questions.Add(new QaQuestion
            {
                Id = id,
                // Rows from before schema v5 have no uid column value: it is the key after the session id.
                Uid = row.Uid is { Length: > 0 } uid ? uid : row.Key.StartsWith(prefix, StringComparison.Ordinal) ? row.Key[prefix.Length..] : row.Key,
                Platform = platform,
                Channel = row.Channel ?? "",
                AuthorId = row.AuthorId ?? "",
                AuthorName = row.AuthorName,
                Text = row.Text,
                AskedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.AskedAt),
                Status = status,
                Voters = StoredJson.Read<string[]>(row.VotersJson) ?? [],
                ClosedAt = closed ? DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt) : null,
            });
        }
        return questions;
    }
}
