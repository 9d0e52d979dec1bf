using System.Text.Json;
using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using LiveBuddy.Storage.Schema;
using SQLite;

namespace LiveBuddy.Storage.Writing;

/// <summary>Stores what the live features decide: polls with every vote, questions, custom commands, shown alerts.</summary>
public sealed class FeatureRecords : IStorageExtension
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Wants(LiveUpdate update) =>
        update is PollChanged or VoteRecorded or QuestionChanged or CustomCommandChanged or CustomCommandRemoved or AlertAnnounced;

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
                    OptionsJson = JsonSerializer.Serialize(poll.Options, Json),
                    Status = poll.Status,
                    OpenedAt = existing?.OpenedAt ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
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
            case QuestionChanged { Question: var q }:
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
                    VotersJson = JsonSerializer.Serialize(q.Voters, Json),
                });
                break;
            case CustomCommandChanged { Command: var command }:
                db.InsertOrReplace(new CustomCommandRow
                {
                    Name = command.Name, Json = JsonSerializer.Serialize(command, Json),
                    UpdatedAt = (command.UpdatedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds(),
                });
                break;
            case CustomCommandRemoved removed:
                // A tombstone, so a removed shipped default does not come back at the next start.
                db.InsertOrReplace(new CustomCommandRow { Name = removed.Name, Json = "", UpdatedAt = removed.At.ToUnixTimeMilliseconds() });
                break;
            case AlertAnnounced { Alert: var alert } when !alert.Replay && !alert.Test:
                // The alert queue names alerts "{platform}:{event id}"; the row has the bare event id.
                var platform = alert.Platform.ToWire();
                var eventId = alert.Id.StartsWith(platform + ":", StringComparison.Ordinal) ? alert.Id[(platform.Length + 1)..] : alert.Id;
                db.Execute("UPDATE alerts SET Announced = 1 WHERE Platform = ? AND EventId = ?", platform, eventId);
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
        var options = ReadJson<List<PollOptionPayload>>(row.OptionsJson) ?? [];
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
                Voters = ReadJson<string[]>(row.VotersJson) ?? [],
                ClosedAt = closed ? DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt) : null,
            });
        }
        return questions;
    }

    // Stored JSON read at start-up: a damaged value costs that value, never the start.
    private static T? ReadJson<T>(string? json) where T : class
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The custom commands to start with: shipped defaults, overridden or removed by what moderators changed in chat.</summary>
    public static IReadOnlyList<CustomCommand> LoadCommands(SQLiteConnection db, IReadOnlyList<CustomCommand> defaults)
    {
        var byName = defaults.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var row in db.Table<CustomCommandRow>())
        {
            if (row.Json.Length == 0) byName.Remove(row.Name);
            else if (JsonSerializer.Deserialize<CustomCommand>(row.Json, Json) is { } stored) byName[stored.Name] = stored;
        }
        return byName.Values.ToList();
    }
}
