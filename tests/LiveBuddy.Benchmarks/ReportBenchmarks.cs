using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LiveBuddy.Core;
using LiveBuddy.Server.Reports;
using LiveBuddy.Storage.Alerts;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using SQLitePCL;

namespace LiveBuddy.Benchmarks;

/// <summary>
/// The post-stream report of a four-hour session with 1,000,000 chat messages from 20,000 chatters (bursts, alerts,
/// viewer counts), read from SQLite on disk. Bar: the HTML report in 3 s or less.
/// </summary>
[MemoryDiagnoser]
public class ReportBenchmarks
{
    public const string SessionId = "20261120-180000";
    private string _folder = "";
    private SessionReports _reports = null!;

    [Params(1_000_000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "livebuddy-report-bench-" + Guid.NewGuid().ToString("N"));
        _reports = ReportBenchmarkData.Create(_folder, Messages);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>The report model (what <c>report.json</c> serializes).</summary>
    [Benchmark]
    public int BuildReport() => _reports.Build(SessionId, CancellationToken.None)!.Timeline.Count;

    /// <summary>What <c>GET /api/sessions/{id}/report</c> does: build and render the HTML with its SVG charts.</summary>
    [Benchmark(Baseline = true)]
    public int RenderHtml() => ReportHtml.Render(_reports.Build(SessionId, CancellationToken.None)!).Length;

    /// <summary>What <c>report.json</c> does.</summary>
    [Benchmark]
    public int RenderJson() => JsonSerializer.Serialize(_reports.Build(SessionId, CancellationToken.None)!, ReportJsonContext.Default.SessionReport).Length;

    /// <summary>The CSV chat log of every message (streamed, here into a null writer).</summary>
    [Benchmark]
    public async Task<long> ExportCsv() => await ChatCsv.WriteAsync(_reports.ChatLog(SessionId, CancellationToken.None), TextWriter.Null, CancellationToken.None);
}

/// <summary>Writes the benchmark's session straight into SQLite with prepared statements (setup, not measured).</summary>
public static class ReportBenchmarkData
{
    public static SessionReports Create(string folder, int messages)
    {
        Directory.CreateDirectory(folder);
        var dataFolder = new DataFolder(folder);
        var store = new SessionStore(dataFolder);
        var start = new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        const int minutes = 240;
        const int chatters = 20_000;
        using (var db = LiveBuddyDatabase.Open(store.DatabasePath))
        {
            db.Insert(new SessionRow
            {
                Id = ReportBenchmarks.SessionId, StartedAt = start, EndedAt = start + minutes * 60_000L - 1, LastActivityAt = start + minutes * 60_000L - 1,
                Platforms = "twitch,youtube", Title = "Benchmark marathon", EndReason = "twitch went offline",
            });
            var random = new Random(42);
            var texts = new[] { "gg", "LUL that was close", "what game is this?", "hype hype hype", "nooo", "PogChamp", "hello from Berlin", "is this a new run?", "ugh lag", "love this song" };
            db.RunInTransaction(() =>
            {
                var rc = raw.sqlite3_prepare_v2(db.Handle,
                    "INSERT INTO messages (SessionId, Platform, EventId, Channel, AuthorId, AuthorName, AuthorDisplayName, Roles, Text, EmoteCount, SentAt, ReceivedAt, Sentiment, Score, Question, Toxic, FirstMessage, Bits, Deleted) " +
                    "VALUES (?, ?, ?, 'streamer', ?, ?, ?, 0, ?, 0, ?, ?, ?, ?, ?, 0, 0, 0, 0)", out var insert);
                if (rc != raw.SQLITE_OK) throw new InvalidOperationException("prepare failed");
                // Most minutes are steady; five bursts carry four times the usual chat.
                var weights = Enumerable.Range(0, minutes).Select(m => m % 47 == 20 ? 4.0 : 1.0).ToArray();
                var total = weights.Sum();
                var n = 0;
                for (var m = 0; m < minutes; m++)
                {
                    var inMinute = m == minutes - 1 ? messages - n : (int)(messages * weights[m] / total);
                    for (var i = 0; i < inMinute; i++, n++)
                    {
                        var chatter = (int)(Math.Pow(random.NextDouble(), 2) * chatters); // a few regulars write most
                        var youtube = chatter % 5 == 0;
                        var score = (float)(random.NextDouble() * 2 - 1) * 0.8f;
                        var text = texts[random.Next(texts.Length)];
                        var at = start + m * 60_000L + random.Next(60_000);
                        raw.sqlite3_bind_text(insert, 1, ReportBenchmarks.SessionId);
                        raw.sqlite3_bind_text(insert, 2, youtube ? "youtube" : "twitch");
                        raw.sqlite3_bind_text(insert, 3, "m" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        raw.sqlite3_bind_text(insert, 4, "user" + chatter.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        raw.sqlite3_bind_text(insert, 5, "viewer_" + chatter.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        raw.sqlite3_bind_text(insert, 6, "Viewer" + chatter.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        raw.sqlite3_bind_text(insert, 7, text);
                        raw.sqlite3_bind_int64(insert, 8, at);
                        raw.sqlite3_bind_int64(insert, 9, at + 150);
                        raw.sqlite3_bind_int(insert, 10, score > 0.2 ? 1 : score < -0.2 ? -1 : 0);
                        raw.sqlite3_bind_double(insert, 11, score);
                        raw.sqlite3_bind_int(insert, 12, text.EndsWith('?') ? 1 : 0);
                        raw.sqlite3_step(insert);
                        raw.sqlite3_reset(insert);
                    }
                }
                raw.sqlite3_finalize(insert);
                // As the storage writer records them.
                db.Execute("INSERT OR IGNORE INTO viewer_sessions (ViewerKey, SessionId) SELECT DISTINCT Platform || ':' || AuthorId, SessionId FROM messages");
                for (var c = 0; c < chatters; c++)
                    db.Execute("INSERT OR IGNORE INTO viewers (Key, Platform, UserId, Name, DisplayName, FirstSeenAt, LastSeenAt, Messages) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                        (c % 5 == 0 ? "youtube:" : "twitch:") + "user" + c, c % 5 == 0 ? "youtube" : "twitch", "user" + c, "viewer_" + c, "Viewer" + c,
                        c % 3 == 0 ? start - 86_400_000L : start + 1, start + minutes * 60_000L);
                for (var a = 0; a < 500; a++)
                    db.Insert(new AlertRow
                    {
                        SessionId = ReportBenchmarks.SessionId, Platform = "twitch", EventId = "a" + a, Kind = a % 4 == 0 ? "Bits" : "Subscription",
                        AuthorId = "user" + a, AuthorName = "Viewer" + a, Amount = a % 4 == 0 ? 100 : null, Currency = a % 4 == 0 ? "BITS" : null,
                        SentAt = start + a * 28_000L,
                    });
                for (var m = 0; m < minutes; m += 2)
                    db.Insert(new MinuteStatsRow { Key = ReportBenchmarks.SessionId + ":" + m, SessionId = ReportBenchmarks.SessionId, Minute = start + m * 60_000L, Viewers = 3_000 + m * 5 });
            });
        }
        return new SessionReports(store, Microsoft.Extensions.Options.Options.Create(new ReportOptions { TwitchVodUrl = "https://www.twitch.tv/videos/1" }), TimeProvider.System);
    }
}
