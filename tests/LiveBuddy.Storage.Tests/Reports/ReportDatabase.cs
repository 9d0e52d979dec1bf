using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Scoring;
using LiveBuddy.Storage.Privacy;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Storage.Tests.Reports;

/// <summary>
/// A throwaway data folder whose sessions are written through the real batch writer (the same rows the live
/// pipeline produces), plus direct inserts for tables other features own (polls, questions).
/// </summary>
internal sealed class ReportDatabase : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 18, 0, 0, TimeSpan.Zero);

    private readonly BatchWriter _writer = new([]);
    private int _ids;

    public ReportDatabase()
    {
        Folder = new DataFolder(Path.Combine(Path.GetTempPath(), "livebuddy-reports-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(Folder.Path);
        Store = new SessionStore(Folder);
        Db = LiveBuddyDatabase.Open(Store.DatabasePath);
        Time = new FakeTimeProvider(Start);
    }

    public DataFolder Folder { get; }
    public SessionStore Store { get; }
    public SQLite.SQLiteConnection Db { get; }
    public FakeTimeProvider Time { get; }

    /// <summary>The shipped scoring models (engagement model, emote table), loaded once for all report tests.</summary>
    public static readonly Lazy<ScoringModels> Scoring = new(() => ScoringModels.Load(Path.Combine(AppContext.BaseDirectory, "Models"),
        ScoringModels.CreateFeaturizer(Path.Combine(AppContext.BaseDirectory, "Data"))));

    public SessionReports Reports(ReportOptions? options = null, Core.Pipeline.Counters? counters = null,
        Microsoft.Extensions.Logging.ILogger<SessionReports>? logger = null) =>
        new(Store, Microsoft.Extensions.Options.Options.Create(options ?? new ReportOptions()), Time, null, Scoring.Value, counters: counters, logger: logger);

    public DataRetention Retention(int days = 90) =>
        new(Store, Reports(), Microsoft.Extensions.Options.Options.Create(new StorageOptions { RetentionDays = days }), Time,
            NullLogger<DataRetention>.Instance);

    public SessionInfo Session(string id, DateTimeOffset startedAt, DateTimeOffset? endedAt, params Platform[] platforms) => new()
    {
        Id = id,
        StartedAt = startedAt,
        EndedAt = endedAt,
        LastActivityAt = endedAt ?? startedAt,
        Platforms = new HashSet<Platform>(platforms.Length == 0 ? [Platform.Twitch] : platforms),
        Title = "Speedrun practice",
    };

    /// <summary>Writes one batch the way the storage writer does.</summary>
    public void Write(params object[] items) => Db.RunInTransaction(() => _writer.Write(Db, [.. items]));

    public object Started(SessionInfo session) => new SessionStarted(session, false);
    public object Ended(SessionInfo session) => new SessionEnded(session, "twitch went offline");

    public object Chat(SessionInfo session, DateTimeOffset at, string user, string text, float score = 0, bool question = false,
        bool toxic = false, Platform platform = Platform.Twitch, string? id = null) =>
        new SessionEvent(new ChatMessage
        {
            Platform = platform,
            Id = id ?? "m" + Interlocked.Increment(ref _ids),
            Channel = "streamer",
            SentAt = at,
            ReceivedAt = at,
            Author = new Author { Id = "u-" + user, Name = user.ToLowerInvariant(), DisplayName = user },
            Text = text,
            Score = new MessageScore(score > 0.2 ? Sentiment.Positive : score < -0.2 ? Sentiment.Negative : Sentiment.Neutral, score, question, toxic, toxic ? 0.9f : 0),
        }, session.Id);

    public object Event(SessionInfo session, StreamEvent e) => new SessionEvent(e, session.Id);

    public Alert Alert(DateTimeOffset at, AlertKind kind, string user, decimal? amount = null, string? currency = null, int? count = null,
        Platform platform = Platform.Twitch) => new()
    {
        Platform = platform,
        Id = "a" + Interlocked.Increment(ref _ids),
        Channel = "streamer",
        SentAt = at,
        ReceivedAt = at,
        Kind = kind,
        Author = new Author { Id = "u-" + user, Name = user.ToLowerInvariant(), DisplayName = user },
        Amount = amount,
        Currency = currency,
        Count = count,
    };

    public StreamEvent Cleared(DateTimeOffset at, string user, TimeSpan? duration) => new UserCleared
    {
        Platform = Platform.Twitch, Id = "c" + Interlocked.Increment(ref _ids), Channel = "streamer", SentAt = at, ReceivedAt = at,
        Target = new Author { Id = "u-" + user, Name = user.ToLowerInvariant(), DisplayName = user }, Duration = duration,
    };

    public StreamEvent Deleted(DateTimeOffset at, string messageId, Platform platform = Platform.Twitch) => new MessageDeleted
    {
        Platform = platform, Id = "d" + Interlocked.Increment(ref _ids), Channel = "streamer", SentAt = at, ReceivedAt = at,
        TargetMessageId = messageId,
    };

    public StreamEvent Viewers(DateTimeOffset at, int viewers, Platform platform = Platform.Twitch, int? likes = null) => new ViewerCountSample
    {
        Platform = platform, Id = "v" + Interlocked.Increment(ref _ids), Channel = "streamer", SentAt = at, ReceivedAt = at, Viewers = viewers,
        Likes = likes,
    };

    public void Dispose()
    {
        Db.Dispose();
        try
        {
            Directory.Delete(Folder.Path, recursive: true);
        }
        catch (IOException)
        {
            // A reader still closing on another thread: the temp folder is left for the OS.
        }
    }
}
