using System.Runtime.InteropServices;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Alerts;
using LiveBuddy.Storage.Moderation;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using SQLite;

namespace LiveBuddy.Storage.Writing;

/// <summary>Turns one batch of pipeline output into rows, inside the caller's transaction.</summary>
internal sealed class BatchWriter(IStorageExtension[] extensions)
{
    /// <summary>The most chatter-session pairs remembered before the set starts afresh.</summary>
    private const int KnownPairsLimit = 200_000;

    // Viewers are keyed by (platform, user id) in memory; the "platform:id" text of their row key is only ever written
    // into the statement's buffer, so a line builds no key string.
    private readonly Dictionary<ViewerId, ViewerDelta> _viewers = [];
    // Viewers on record (or in this batch) in the session _knownSession, so a chatter's later lines skip the insert;
    // bounded, and only a shortcut: forgetting one writes the pair once more (readers take pairs DISTINCT). Erasure and
    // retention delete pairs through their own connection and bump a version in the settings table; a batch that sees a
    // new version starts afresh.
    private readonly HashSet<ViewerId> _knownChatterSessions = [];
    private string _knownSession = "";
    private readonly List<(ViewerId Viewer, string Session)> _newChatterSessions = [];
    private string? _viewerSessionsVersion;
    private readonly Dictionary<string, MinuteTally> _minutes = new(StringComparer.Ordinal);
    private readonly List<(ChatMessage Chat, string SessionId)> _messages = [];
    private string _sessionId = "";
    // Minute tallies outlive a batch: what this batch changed, so a failed attempt can be undone.
    private readonly Dictionary<string, (MinuteTally? Tally, MinuteScalars Before)> _touched = new(StringComparer.Ordinal);
    private readonly List<(MinuteTally Tally, ViewerId Chatter)> _addedChatters = [];
    // The minute the last line went to, while this batch has it in _touched: most lines of a batch share one minute.
    private MinuteTally? _currentMinute;
    // The session's audience across platforms, each stream's last count carried forward into minutes where only another
    // platform (or none) reported. Writing a rolled-back batch again re-adds the same samples, which changes nothing.
    private readonly LiveAudience _audience = new();
    private string _audienceSession = "";
    private string _sessionIdBefore = "";
    private ChatRowStatements? _statements;

    public bool Wants(LiveUpdate update) =>
        update is SessionStarted or SessionChanged or SessionEnded or ModerationRequest
        || Array.Exists(extensions, e => e.Wants(update));

    public void Write(SQLiteConnection db, List<object> batch)
    {
        _messages.Clear();
        _viewers.Clear();
        _newChatterSessions.Clear();
        // Read inside the batch's transaction: an erasure that commits after this read makes the batch's first write
        // fail (SQLite refuses to write on an outdated snapshot) and the retry reads the new version.
        var version = LiveBuddyDatabase.ViewerSessionsVersion(db);
        if (version != _viewerSessionsVersion || _knownChatterSessions.Count > KnownPairsLimit)
        {
            _knownChatterSessions.Clear();
            _viewerSessionsVersion = version;
        }
        _touched.Clear();
        _addedChatters.Clear();
        _currentMinute = null;
        _sessionIdBefore = _sessionId;
        foreach (var item in batch)
        {
            switch (item)
            {
                case SessionEvent { Event: ChatMessage chat } se:
                    AddMessage(db, chat, se.SessionId);
                    break;
                case SessionEvent se:
                    WriteEvent(db, se.Event, se.SessionId);
                    break;
                case SessionStarted started:
                    _sessionId = started.Session.Id;
                    db.InsertOrReplace(ToRow(started.Session, null));
                    break;
                case SessionChanged changed:
                    db.InsertOrReplace(ToRow(changed.Session, null));
                    break;
                case SessionEnded ended:
                    FlushMessages(db);
                    db.InsertOrReplace(ToRow(ended.Session, ended.Reason));
                    _sessionId = "";
                    break;
                case ModerationRequest request:
                    db.Insert(new ModerationRow
                    {
                        SessionId = _sessionId,
                        Platform = request.Platform.ToWire(),
                        Kind = "request:" + request.Kind.ToString().ToLowerInvariant(),
                        TargetId = request.Target.Id,
                        TargetName = request.Target.Name,
                        DurationSeconds = request.Duration is { } d ? (int)d.TotalSeconds : null,
                        Reason = request.Reason,
                        RequestedBy = request.RequestedBy,
                        MessageId = request.MessageId,
                        At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    });
                    break;
                case LiveUpdate update:
                    foreach (var extension in extensions)
                        if (extension.Wants(update)) extension.Write(db, update, _sessionId);
                    break;
            }
        }
        FlushMessages(db);
    }

    /// <summary>
    /// Forgets what the last <see cref="Write"/> did to the in-memory state, after its transaction was rolled
    /// back, so writing the same batch again does not count it twice.
    /// </summary>
    public void Undo()
    {
        foreach (var (tally, chatter) in _addedChatters) tally.Chatters.Remove(chatter);
        foreach (var (key, (tally, before)) in _touched)
        {
            if (tally is null)
            {
                _minutes.Remove(key);
                continue;
            }
            before.RestoreTo(tally);
            _minutes[key] = tally; // pruned during the failed attempt: back it comes
        }
        _touched.Clear();
        _addedChatters.Clear();
        _currentMinute = null;
        _sessionId = _sessionIdBefore;
        _knownChatterSessions.Clear(); // it may hold pairs of the attempt that was rolled back
    }

    private void AddMessage(SQLiteConnection db, ChatMessage chat, string sessionId)
    {
        var sentAt = chat.SentAt.ToUnixTimeMilliseconds();
        var score = chat.Score ?? MessageScore.Neutral;
        _messages.Add((chat, sessionId));

        var viewer = new ViewerId(chat.Platform, chat.Author.Id);
        if (!string.Equals(sessionId, _knownSession, StringComparison.Ordinal))
        {
            _knownChatterSessions.Clear();
            _knownSession = sessionId;
        }
        if (_knownChatterSessions.Add(viewer)) _newChatterSessions.Add((viewer, sessionId));
        ref var delta = ref CollectionsMarshal.GetValueRefOrAddDefault(_viewers, viewer, out var seen);
        if (seen)
        {
            delta.Messages++;
            delta.FirstSeenAt = Math.Min(delta.FirstSeenAt, sentAt); // an imported log need not be in order
            delta.LastSeenAt = Math.Max(delta.LastSeenAt, sentAt);
        }
        else
        {
            delta = new ViewerDelta(chat.Author, sentAt);
        }

        if (sessionId.Length > 0)
        {
            var tally = Tally(db, sessionId, sentAt);
            tally.Messages++;
            tally.SentimentSum += score.Value;
            if (score.Question) tally.Questions++;
            if (tally.Chatters.Add(viewer)) _addedChatters.Add((tally, viewer));
        }
    }

    private void WriteEvent(SQLiteConnection db, StreamEvent e, string sessionId)
    {
        var at = e.SentAt.ToUnixTimeMilliseconds();
        switch (e)
        {
            case Alert alert:
                db.Insert(new AlertRow
                {
                    SessionId = sessionId,
                    Platform = alert.Platform.ToWire(),
                    EventId = alert.Id,
                    Kind = alert.Kind.ToString(),
                    AuthorId = alert.Author?.Id,
                    AuthorName = alert.Author?.DisplayName,
                    Amount = alert.Amount is { } amount ? (double)amount : null,
                    Currency = alert.Currency,
                    Count = alert.Count,
                    Message = alert.Message,
                    Tier = alert.Tier,
                    ItemName = alert.ItemName,
                    ImageUrl = alert.ImageUrl,
                    SentAt = at,
                });
                if (sessionId.Length > 0) Tally(db, sessionId, at).Alerts++;
                break;
            case MessageDeleted deleted:
                FlushMessages(db); // the deleted message may be in this very batch
                MarkDeleted(db, deleted.Platform.ToWire(), deleted.TargetMessageId);
                db.Insert(new ModerationRow
                {
                    SessionId = sessionId, Platform = deleted.Platform.ToWire(), Kind = deleted.Retracted ? "retract" : "delete",
                    TargetName = deleted.TargetAuthorName, MessageId = deleted.TargetMessageId, At = at,
                });
                break;
            case UserCleared cleared:
                db.Insert(new ModerationRow
                {
                    SessionId = sessionId, Platform = cleared.Platform.ToWire(), Kind = cleared.IsBan ? "ban" : "timeout",
                    TargetId = cleared.Target.Id, TargetName = cleared.Target.Name,
                    DurationSeconds = cleared.Duration is { } d ? (int)d.TotalSeconds : null,
                    Reason = cleared.Reason, RequestedBy = cleared.Moderator, At = at,
                });
                break;
            case ChatCleared:
                db.Insert(new ModerationRow { SessionId = sessionId, Platform = e.Platform.ToWire(), Kind = "clear", At = at });
                break;
            case ViewerCountSample sample when sessionId.Length > 0:
                var audience = AudienceOf(sessionId);
                audience.Add(sample);
                var minute = Tally(db, sessionId, at);
                minute.Viewers = audience.Viewers(sample.SentAt);
                minute.Likes = audience.Likes(sample.SentAt);
                break;
            case StreamOffline offline when sessionId.Length > 0:
                AudienceOf(sessionId).Remove(offline.Platform, offline.Channel);
                break;
        }
    }

    private void FlushMessages(SQLiteConnection db)
    {
        var statements = Statements(db);
        // A line stored already (a platform's redelivery after a restart) is skipped by the unique index.
        foreach (var (chat, sessionId) in _messages) statements.Insert(chat, sessionId, CountEmotes(chat.Fragments));
        _messages.Clear();
        foreach (var (viewer, v) in _viewers)
            statements.UpsertViewerRow(viewer.Platform.ToWire(), v.Author.Id, v.Author.Name, v.Author.DisplayName, v.FirstSeenAt, v.LastSeenAt, v.Messages);
        _viewers.Clear();
        foreach (var (viewer, session) in _newChatterSessions) statements.AddViewerSession(viewer.Platform.ToWire(), viewer.UserId, session);
        _newChatterSessions.Clear();
        foreach (var (key, t) in _minutes)
        {
            db.InsertOrReplace(new MinuteStatsRow
            {
                Key = key, SessionId = t.SessionId, Minute = t.Minute, Messages = t.Messages, Chatters = t.ChatterCount,
                SentimentSum = t.SentimentSum, Questions = t.Questions, Alerts = t.Alerts, Viewers = t.Viewers, Likes = t.Likes,
            });
        }
        // Keep only the last few minutes in memory: older minutes are complete.
        if (_minutes.Count > 4)
        {
            _currentMinute = null;
            var newest = _minutes.Values.Max(t => t.Minute);
            foreach (var key in _minutes.Where(kv => kv.Value.Minute < newest - 3 * 60_000).Select(kv => kv.Key).ToList())
                _minutes.Remove(key);
        }
    }

    private ChatRowStatements Statements(SQLiteConnection db)
    {
        if (_statements?.Connection == db) return _statements;
        _statements?.Dispose();
        return _statements = new ChatRowStatements(db);
    }

    /// <summary>Marks a deleted line, found by its fingerprint (unique) and id. A deletion of a line never stored changes nothing.</summary>
    private static void MarkDeleted(SQLiteConnection db, string platform, string eventId) =>
        db.Execute("UPDATE messages SET Deleted = 1 WHERE EventKey = ? AND Platform = ? AND EventId = ?",
            ChatRowStatements.EventKey(platform, eventId), platform, eventId);

    /// <summary>Finalizes the prepared statements; call before the connection is closed.</summary>
    public void CloseStatements()
    {
        _statements?.Dispose();
        _statements = null;
        foreach (var extension in extensions) extension.Close();
    }

    private MinuteTally Tally(SQLiteConnection db, string sessionId, long at)
    {
        var minute = at - (at % 60_000);
        if (_currentMinute is { } current && current.Minute == minute && string.Equals(current.SessionId, sessionId, StringComparison.Ordinal))
            return current;
        var key = string.Concat(sessionId, ":", (minute / 60_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _minutes.TryGetValue(key, out var tally);
        if (!_touched.ContainsKey(key)) _touched[key] = (tally, tally is null ? default : MinuteScalars.Of(tally));
        if (tally is null)
        {
            _minutes[key] = tally = StoredOrNew(db, key, sessionId, minute);
            // A minute with chat but no viewer sample of its own still had an audience: the streams' last counts.
            if (tally.Viewers is null && string.Equals(_audienceSession, sessionId, StringComparison.Ordinal))
            {
                var start = DateTimeOffset.FromUnixTimeMilliseconds(minute);
                tally.Viewers = _audience.Viewers(start);
                tally.Likes = _audience.Likes(start);
            }
        }
        return _currentMinute = tally;
    }

    private LiveAudience AudienceOf(string sessionId)
    {
        if (!string.Equals(_audienceSession, sessionId, StringComparison.Ordinal))
        {
            _audience.Clear();
            _audienceSession = sessionId;
        }
        return _audience;
    }

    /// <summary>
    /// A minute not in memory (older than the last few, or from before a restart) may already be stored: it goes on
    /// from the stored tallies. Starting from zero overwrote them (and the minute's viewer count) with whatever the
    /// late message or the first message after a restart brought.
    /// </summary>
    private static MinuteTally StoredOrNew(SQLiteConnection db, string key, string sessionId, long minute)
    {
        var tally = new MinuteTally(sessionId, minute);
        if (db.Find<MinuteStatsRow>(key) is { } stored) tally.Restore(stored);
        return tally;
    }

    private static int CountEmotes(IReadOnlyList<MessageFragment> fragments)
    {
        var n = 0;
        foreach (var f in fragments) if (f.Emote is not null) n++;
        return n;
    }

    private static SessionRow ToRow(SessionInfo s, string? endReason) => new()
    {
        Id = s.Id,
        StartedAt = s.StartedAt.ToUnixTimeMilliseconds(),
        EndedAt = s.EndedAt?.ToUnixTimeMilliseconds(),
        LastActivityAt = s.LastActivityAt.ToUnixTimeMilliseconds(),
        Platforms = string.Join(',', s.Platforms.Select(p => p.ToWire()).Order(StringComparer.Ordinal)),
        Title = s.Title,
        EndReason = endReason,
    };

    /// <summary>A viewer as the rows key them (<c>platform:userId</c>), without building that text.</summary>
    private readonly record struct ViewerId(Platform Platform, string UserId);

    private struct ViewerDelta(Author author, long at)
    {
        public readonly Author Author = author;
        public long FirstSeenAt = at;
        public long LastSeenAt = at;
        public long Messages = 1;
    }

    private readonly record struct MinuteScalars(int Messages, double SentimentSum, int Questions, int Alerts, int? Viewers, int? Likes)
    {
        public static MinuteScalars Of(MinuteTally t) => new(t.Messages, t.SentimentSum, t.Questions, t.Alerts, t.Viewers, t.Likes);

        public void RestoreTo(MinuteTally t)
        {
            t.Messages = Messages;
            t.SentimentSum = SentimentSum;
            t.Questions = Questions;
            t.Alerts = Alerts;
            t.Viewers = Viewers;
            t.Likes = Likes;
        }
    }

    private sealed class MinuteTally(string sessionId, long minute)
    {
        public string SessionId { get; } = sessionId;
        public long Minute { get; } = minute;
        public int Messages { get; set; }
        public HashSet<ViewerId> Chatters { get; } = [];
        /// <summary>Chatters already counted in the stored row this tally went on from (their ids are not stored).</summary>
        public int StoredChatters { get; private set; }
        /// <summary>Distinct chatters of the minute; after a restore, a chatter counted before may be counted again.</summary>
        public int ChatterCount => StoredChatters + Chatters.Count;
        public double SentimentSum { get; set; }
        public int Questions { get; set; }
        public int Alerts { get; set; }
        /// <summary>
        /// The minute's audience: the sum over platforms (a simulcast is watched on each), each platform's last count
        /// carried forward (<see cref="LiveAudience"/>); the minute's last sample sets it.
        /// </summary>
        public int? Viewers { get; set; }
        /// <summary>The streams' likes so far (YouTube), as of the minute's last sample.</summary>
        public int? Likes { get; set; }

        public void Restore(MinuteStatsRow stored)
        {
            Messages = stored.Messages;
            StoredChatters = stored.Chatters;
            SentimentSum = stored.SentimentSum;
            Questions = stored.Questions;
            Alerts = stored.Alerts;
            Viewers = stored.Viewers; // a new sample of the minute replaces it
            Likes = stored.Likes;
        }
    }
}
