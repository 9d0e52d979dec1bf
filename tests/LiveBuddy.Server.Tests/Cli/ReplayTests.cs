using System.IO.Compression;
using LiveBuddy.Core;
using LiveBuddy.Server.Cli;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Sessions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Tests.Cli;

public sealed class ReplayTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-replay-").FullName;
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 19, 0, 0, TimeSpan.Zero);

    private static string Privmsg(string user, int userNumber, string text, DateTimeOffset at, string id) =>
        $"@badge-info=;badges=;color=#1E90FF;display-name={user};emotes=;first-msg=0;id={id};mod=0;room-id=4242;subscriber=0;" +
        $"tmi-sent-ts={at.ToUnixTimeMilliseconds()};turbo=0;user-id={userNumber};user-type= :{user.ToLowerInvariant()}!{user.ToLowerInvariant()}@{user.ToLowerInvariant()}.tmi.twitch.tv PRIVMSG #capturechan :{text}";

    /// <summary>A six-minute capture: 5 chatters with known counts, one sub, one timeout, a PING and a junk line.</summary>
    private (string Path, int Messages) WriteCapture(bool gzip)
    {
        var lines = new List<string> { ":tmi.twitch.tv 001 justinfan123 :Welcome, GLHF!", "PING :tmi.twitch.tv", "this is not irc" };
        var users = new[] { ("Alpha", 1, 40), ("Bravo", 2, 25), ("Charlie", 3, 10), ("Delta", 4, 3), ("Echo", 5, 1) };
        // Interleave the chatters over six minutes, in time order as a capture is.
        var queue = users.SelectMany(u => Enumerable.Range(0, u.Item3).Select(i => (Name: u.Item1, Number: u.Item2, I: i)))
            .OrderBy(m => (m.I * 7919 + m.Number * 104729) % 1000).ToList();
        var messages = queue.Count;
        for (var k = 0; k < queue.Count; k++)
        {
            var m = queue[k];
            lines.Add(Privmsg(m.Name, m.Number, $"message {m.I} from {m.Name} KEKW", Start.AddSeconds(k * 359.0 / (queue.Count - 1)), $"{m.Number}-{m.I}"));
        }
        lines.Insert(3 + 30, $"@badge-info=subscriber/1;badges=subscriber/0;display-name=Delta;id=sub-1;login=delta;msg-id=sub;msg-param-cumulative-months=1;msg-param-sub-plan=1000;room-id=4242;system-msg=Delta\\ssubscribed\\sat\\sTier\\s1.;tmi-sent-ts={Start.AddMinutes(3).ToUnixTimeMilliseconds()};user-id=4 :tmi.twitch.tv USERNOTICE #capturechan");
        lines.Insert(3 + 70, $"@ban-duration=600;room-id=4242;target-user-id=5;tmi-sent-ts={Start.AddMinutes(5).ToUnixTimeMilliseconds()} :tmi.twitch.tv CLEARCHAT #capturechan :echo");
        var path = Path.Combine(_folder, gzip ? "capture.log.gz" : "capture.log");
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        using var writer = new StreamWriter(stream);
        foreach (var line in lines) writer.Write(line + "\r\n");
        return (path, messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Replayed_capture_becomes_a_session_whose_report_matches_the_capture(bool gzip)
    {
        var (path, messages) = WriteCapture(gzip);
        var data = Path.Combine(_folder, "data");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ReplayVerb.RunAsync(path, 0, output, error, CancellationToken.None,
            new Dictionary<string, string?> { ["Storage:Path"] = data });

        Assert.True(code == 0, error.ToString());
        Assert.Contains($"Replayed {messages + 2} events", output.ToString(), StringComparison.Ordinal);
        var reports = new SessionReports(new SessionStore(new DataFolder(data)), Options.Create(new ReportOptions()), TimeProvider.System);
        var report = reports.Build("latest", CancellationToken.None)!;
        Assert.Equal(messages, report.Totals.Messages);
        Assert.Equal(5, report.Totals.Chatters);
        Assert.Equal("alpha", report.TopChatters[0].Name, ignoreCase: true);
        Assert.Equal(40, report.TopChatters[0].Messages);
        Assert.Equal(1, report.Moderation.Timeouts);
        Assert.Equal(Start, report.Session.StartedAt);
        Assert.Equal(6, report.Timeline.Count);
        Assert.Equal(messages, reports.ChatLog(report.Session.Id, CancellationToken.None).Count());
        Assert.Equal(1, report.Alerts.Subscriptions);
    }

    [Fact]
    public async Task Replaying_the_same_capture_twice_stores_it_once()
    {
        var (path, messages) = WriteCapture(gzip: false);
        var settings = new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(_folder, "data") };

        await ReplayVerb.RunAsync(path, 0, TextWriter.Null, TextWriter.Null, CancellationToken.None, settings);
        await ReplayVerb.RunAsync(path, 0, TextWriter.Null, TextWriter.Null, CancellationToken.None, settings);

        var store = new SessionStore(new DataFolder(settings["Storage:Path"]!));
        var session = Assert.Single(store.List());
        Assert.Equal(messages, session.Messages);
    }

    [Fact]
    public async Task Missing_file_is_a_clear_error()
    {
        using var error = new StringWriter();

        var code = await ReplayVerb.RunAsync(Path.Combine(_folder, "nope.log"), 1, TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("No such file", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
