using System.IO.Compression;
using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Server.Demo;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Twitch.Chat;

namespace LiveBuddy.Server.Cli;

/// <summary>
/// <c>replay &lt;file&gt; [--speed N]</c> (parsed by <c>LiveBuddyCli</c>): feeds a recorded chat file through the live pipeline as one session,
/// keeping the recorded timestamps: raw Twitch IRC lines (plain or .gz) or LiveBuddy chat JSONL.
/// <c>--speed 0</c> runs as fast as possible (importing an old log for a report).
/// </summary>
public static class ReplayVerb
{
    /// <param name="file">The capture.</param>
    /// <param name="speed">1 is the recorded pace; 0 as fast as possible.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="settings">Configuration for the replay's host (<c>Storage:Path</c>…).</param>
    /// <returns>0 replayed, 1 no chat in the file, 2 no such file or a negative speed.</returns>
    public static async Task<int> RunAsync(string file, double speed, TextWriter output, TextWriter error, CancellationToken cancellationToken,
        IDictionary<string, string?>? settings = null)
    {
        if (speed < 0 || double.IsNaN(speed))
        {
            await error.WriteLineAsync("--speed must be 0 (as fast as possible) or more.");
            return 2;
        }
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"No such file: {file}");
            return 2;
        }

        var skipped = 0;
        var events = ReadEvents(file, () => skipped++).GetEnumerator();
        if (!events.MoveNext())
        {
            await error.WriteLineAsync($"No chat found in {file} ({skipped} lines skipped).");
            return 1;
        }

        // Everything in the pipeline (session start and end, minutes, cooldowns) runs on the recorded time.
        var clock = new ReplayClock(events.Current.SentAt);
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Demo:Mode"] = "off", ["urls"] = "http://127.0.0.1:0" };
        if (settings is not null) foreach (var (k, v) in settings) overrides[k] = v;
        await using var app = BuildReplayHost(clock, overrides);
        await app.StartAsync(cancellationToken);
        var ingress = app.Services.GetRequiredService<EventIngress>();
        var count = 0;
        var previous = events.Current.SentAt;
        do
        {
            var e = events.Current;
            if (speed > 0 && e.SentAt > previous)
                await Task.Delay((e.SentAt - previous) / speed, cancellationToken);
            if (e.SentAt > previous) previous = e.SentAt;
            await ingress.PublishAsync(e, cancellationToken);
            count++;
        }
        while (events.MoveNext());

        var sessionId = app.Services.GetRequiredService<SessionTracker>().Current?.Id;
        await app.StopAsync(CancellationToken.None); // drains the pipeline and flushes storage
        await output.WriteLineAsync($"Replayed {count} events from {file} as session {sessionId ?? "(none)"}; {skipped} lines skipped.");
        await output.WriteLineAsync("Write its report with: report latest");
        return 0;
    }

    private static WebApplication BuildReplayHost(ReplayClock clock, IDictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddLiveBuddy(overrides, clock);
        // The replay is the only source: live connections stay off even when platforms are configured.
        var live = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Assembly is { } assembly
            && (assembly == typeof(TwitchChatMapper).Assembly || assembly == typeof(LiveBuddy.YouTube.YouTubeOptions).Assembly)).ToList();
        foreach (var descriptor in live) builder.Services.Remove(descriptor);
        // The clock moves when the pipeline reaches an event (first feature), not when it is read from the file.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IStreamFeature>(clock));
        var app = builder.Build();
        app.MapLiveBuddy();
        return app;
    }

    /// <summary>
    /// Events of a capture, in file order: raw IRC lines (optionally gzip) or LiveBuddy chat JSONL. Lines recorded with
    /// only seconds from the start are dated from <paramref name="time"/>'s now.
    /// </summary>
    public static IEnumerable<StreamEvent> ReadEvents(string path, Action skippedLine, TimeProvider? time = null)
    {
        using var stream = File.OpenRead(path);
        using var decompressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        using var reader = new StreamReader(decompressed);
        var mapped = new List<StreamEvent>(2);
        var last = DateTimeOffset.UnixEpoch;
        var start = (time ?? TimeProvider.System).GetUtcNow();
        var index = 0;
        while (reader.ReadLine() is { } raw)
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line[0] == '{')
            {
                DemoLine? entry = null;
                try
                {
                    entry = JsonSerializer.Deserialize(line, DemoJsonContext.Default.DemoLine);
                }
                catch (JsonException)
                {
                    // counted below
                }
                if (entry is null || string.IsNullOrEmpty(entry.User) || (entry.Text is null && entry.Alert is null)) { skippedLine(); continue; }
                var at = entry.Time ?? start.AddSeconds(entry.At);
                last = at;
                yield return DemoChat.ToEvent(entry, index++, 0, at);
                continue;
            }
            // Logs often prefix a timestamp in brackets: keep from the IRC line's start.
            var begin = line[0] == '[' ? line.IndexOf(']', StringComparison.Ordinal) + 1 : 0;
            while (begin < line.Length && line[begin] == ' ') begin++;
            if (begin >= line.Length) { skippedLine(); continue; }
            mapped.Clear();
            if (TwitchChatMapper.Map(line.AsSpan(begin), last, mapped) == IrcMapResult.Malformed) skippedLine();
            foreach (var e in mapped)
            {
                if (e.SentAt > last) last = e.SentAt;
                yield return e with { ReceivedAt = e.SentAt }; // a capture's receive time is its recorded time
            }
        }
    }
}

/// <summary>A clock that shows the recorded time of the event the pipeline is handling.</summary>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider, IStreamFeature
{
    public void Handle(PipelineInput input, FeatureContext context)
    {
        if (input is StreamEvent e) MoveTo(e.SentAt);
    }

    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void MoveTo(DateTimeOffset time)
    {
        if (time.UtcTicks > Interlocked.Read(ref _ticks)) Interlocked.Exchange(ref _ticks, time.UtcTicks);
    }
}
