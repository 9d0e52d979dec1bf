using LiveBuddy.Core.Events;
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
    // A line already stored (a platform's redelivery after a restart) is not stored again: the unique index on
    // (Platform, EventId) is the durable dedupe, the pipeline's window of recent ids the live one.
    private const string InsertMessage =
        """
        INSERT INTO messages (SessionId, Platform, EventId, Channel, AuthorId, AuthorName, AuthorDisplayName, Roles,
          Text, EmoteCount, SentAt, ReceivedAt, Sentiment, Score, Question, Toxic, FirstMessage, Bits, Deleted, SharedFrom)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
        ON CONFLICT (Platform, EventId) DO NOTHING
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
        _message.Bind(1, sessionId)
            .Bind(2, chat.Platform.ToWire())
            .Bind(3, chat.Id)
            .Bind(4, chat.Channel)
            .Bind(5, chat.Author.Id)
            .Bind(6, chat.Author.Name)
            .Bind(7, chat.Author.DisplayName)
            .Bind(8, (long)chat.Author.Roles)
            .Bind(9, chat.Text)
            .Bind(10, emoteCount)
            .Bind(11, chat.SentAt.ToUnixTimeMilliseconds())
            .Bind(12, chat.ReceivedAt.ToUnixTimeMilliseconds())
            .Bind(13, (long)score.Sentiment)
            .Bind(14, (double)score.Value) // as sqlite-net stores a float property: widened to double
            .Bind(15, score.Question ? 1 : 0)
            .Bind(16, score.Toxic ? 1 : 0)
            .Bind(17, chat.IsFirstMessage ? 1 : 0)
            .Bind(18, chat.Bits)
            .Bind(19, PartnerChannel(chat))
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

    private static string ViewerKey(string platform, string userId) => string.Concat(platform, ":", userId);
}
