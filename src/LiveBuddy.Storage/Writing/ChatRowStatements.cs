using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Reports;
using SQLite;
using SQLitePCL;

namespace LiveBuddy.Storage.Writing;

/// <summary>
/// The statements run for every chat line (the message insert, the viewer upsert, the viewer's session), prepared once per
/// connection and bound field by field: sqlite-net's <c>Insert</c> reflects over the row and <c>Execute</c> prepares its
/// SQL again on every call.
/// </summary>
internal sealed class ChatRowStatements : IDisposable
{
    // A line already stored (a platform's redelivery after a restart) is not stored again: the unique index on the
    // line's fingerprint (EventKey, from Platform and EventId) is the durable dedupe, the pipeline's window of recent ids
    // the live one. Eight bytes a line instead of the text ids: the index the random ids land in stays a third the size.
    private const string InsertMessage =
        """
        INSERT INTO messages (SessionId, Platform, EventId, EventKey, Channel, AuthorId, AuthorName, AuthorDisplayName, Roles,
          Text, EmoteCount, SentAt, ReceivedAt, Sentiment, Score, Question, Toxic, FirstMessage, Bits, Deleted, SharedFrom)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
        ON CONFLICT (EventKey) DO NOTHING
        """;

    private const string UpsertViewer =
        """
        INSERT INTO viewers (Key, Platform, UserId, Name, DisplayName, FirstSeenAt, LastSeenAt, Messages)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        ON CONFLICT(Key) DO UPDATE SET Name = excluded.Name, DisplayName = excluded.DisplayName,
          FirstSeenAt = min(FirstSeenAt, excluded.FirstSeenAt), LastSeenAt = max(LastSeenAt, excluded.LastSeenAt),
          Messages = Messages + excluded.Messages
        """;

    // Appended, never looked up while writing: the writer remembers the pairs it stored, so a pair is written again only
    // after it forgot them (a restart, a very large session); readers take them DISTINCT.
    private const string AddChatterSession = "INSERT INTO viewer_sessions (ViewerKey, SessionId) VALUES (?, ?)";

    private readonly RawStatement _message;
    private readonly RawStatement _viewer;
    private readonly RawStatement _chatterSession;

    public ChatRowStatements(SQLiteConnection connection)
    {
        Connection = connection;
        _message = new RawStatement(connection, InsertMessage);
        try
        {
            _viewer = new RawStatement(connection, UpsertViewer);
            _chatterSession = new RawStatement(connection, AddChatterSession);
        }
        catch
        {
            _message.Dispose();
            _viewer?.Dispose();
            throw;
        }
    }

    /// <summary>The connection these statements belong to.</summary>
    public SQLiteConnection Connection { get; }

    /// <summary>Stores a line as a <see cref="Schema.MessageRow"/>, bound straight from the message; false when it was stored already.</summary>
    public bool Insert(ChatMessage chat, string sessionId, int emoteCount)
    {
        var score = chat.Score ?? MessageScore.Neutral;
        var platform = chat.Platform.ToWire();
        _message.Bind(1, sessionId)
            .Bind(2, platform)
            .Bind(3, chat.Id)
            .Bind(4, EventKey(platform, chat.Id))
            .Bind(5, chat.Channel)
            .Bind(6, chat.Author.Id)
            .Bind(7, chat.Author.Name)
            .Bind(8, chat.Author.DisplayName)
            .Bind(9, (long)chat.Author.Roles)
            .Bind(10, chat.Text)
            .Bind(11, emoteCount)
            .Bind(12, chat.SentAt.ToUnixTimeMilliseconds())
            .Bind(13, chat.ReceivedAt.ToUnixTimeMilliseconds())
            .Bind(14, (long)score.Sentiment)
            .Bind(15, (double)score.Value) // as sqlite-net stores a float property: widened to double
            .Bind(16, score.Question ? 1 : 0)
            .Bind(17, score.Toxic ? 1 : 0)
            .Bind(18, chat.IsFirstMessage ? 1 : 0)
            .Bind(19, chat.Bits)
            .Bind(20, PartnerChannel(chat))
            .Run();
        return raw.sqlite3_changes(Connection.Handle) == 1;
    }

    /// <summary>
    /// A Shared Chat partner's line that does not take part here (<see cref="ChatMessage.TakesPart"/>): the partner channel, so
    /// the report counts it apart from our own chat. Null (nothing stored) for every other line.
    /// </summary>
    private static string? PartnerChannel(ChatMessage chat) =>
        chat is { TakesPart: false, SharedFrom: { } from } ? from.ChannelLogin ?? from.ChannelId : null;

    /// <summary>Records that a viewer chatted in a session (erasure finds the sessions to clear by it).</summary>
    public void AddViewerSession(string platform, string userId, string sessionId) =>
        _chatterSession.Bind(1, ViewerKey(platform, userId)).Bind(2, sessionId).Run();

    /// <summary>Adds a batch's lines to the viewer's row (<c>platform:userId</c>), creating it on their first line.</summary>
    public void UpsertViewerRow(string platform, string userId, string name, string displayName, long firstSeenAt, long lastSeenAt, long messages) =>
        _viewer.Bind(1, ViewerKey(platform, userId))
            .Bind(2, platform)
            .Bind(3, userId)
            .Bind(4, name)
            .Bind(5, displayName)
            .Bind(6, firstSeenAt)
            .Bind(7, lastSeenAt)
            .Bind(8, messages)
            .Run();

    public void Dispose()
    {
        _message.Dispose();
        _viewer.Dispose();
        _chatterSession.Dispose();
    }

    /// <summary>The <see cref="Schema.MessageRow.EventKey"/> of a line: the pipeline's fingerprint of its platform and id.</summary>
    internal static long EventKey(string platform, string eventId) => unchecked((long)RecentEventIds.Fingerprint(platform, eventId));

    private static string ViewerKey(string platform, string userId) => string.Concat(platform, ":", userId);
}
