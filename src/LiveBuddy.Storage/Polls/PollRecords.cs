using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Polls;

/// <summary>Stores polls with every vote, and reads back the poll a restart carries on with.</summary>
public sealed class PollRecords(TimeProvider time) : IStorageExtension
{
    public bool Wants(LiveUpdate update) => update is PollChanged or VoteRecorded;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        switch (update)
        {
            case PollChanged { Poll: var poll }:
                var existing = db.Find<PollRow>(poll.Id);
                db.InsertOrReplace(new PollRow
                {
                    Id = poll.Id,
                    SessionId = existing?.SessionId is { Length: > 0 } s ? s : sessionId,
                    Question = poll.Question,
                    OptionsJson = StoredJson.Write(poll.Options),
                    Status = poll.Status,
                    OpenedAt = existing?.OpenedAt ?? time.GetUtcNow().ToUnixTimeMilliseconds(),
                    EndsAt = poll.EndsAt,
                    TotalVotes = poll.TotalVotes,
                });
                break;
            case VoteRecorded vote:
                db.Insert(new PollVoteRow
                {
                    PollId = vote.PollId, Platform = vote.Platform.ToWire(), ViewerId = vote.AuthorId,
                    Option = vote.Option, At = vote.At.ToUnixTimeMilliseconds(), Channel = vote.Channel,
                });
                break;
        }
    }

    /// <summary>
    /// The poll of <paramref name="sessionId"/> that was still open when LiveBuddy stopped, with its votes oldest first,
    /// so a restart within the session's grace period carries on with it. Null when there is none or its time is up.
    /// </summary>
    public static PollRestore? LoadOpenPoll(SQLiteConnection db, string sessionId, DateTimeOffset now)
    {
        var row = db.Query<PollRow>("SELECT * FROM polls WHERE SessionId = ? AND Status = 'open' ORDER BY OpenedAt DESC LIMIT 1", sessionId)
            .FirstOrDefault();
        if (row?.EndsAt is not { } endsAt || endsAt <= now.ToUnixTimeMilliseconds()) return null;
        var options = StoredJson.Read<List<PollOptionPayload>>(row.OptionsJson) ?? [];
        if (options.Count < 2) return null; // unreadable: the restart goes on without the poll rather than not at all
        var votes = new List<VoteRecorded>();
        foreach (var v in db.Query<PollVoteRow>("SELECT * FROM poll_votes WHERE PollId = ? ORDER BY RowId", row.Id))
        {
            if (!PlatformNames.TryParse(v.Platform, out var platform)) continue;
            votes.Add(new VoteRecorded(row.Id, platform, v.Channel ?? "", v.ViewerId, "", v.Option, null, DateTimeOffset.FromUnixTimeMilliseconds(v.At)));
        }
        var payload = new PollPayload(row.Id, row.Question, options, row.Status, endsAt, row.TotalVotes, new Dictionary<string, int>());
        return new PollRestore(payload, votes);
    }
}
