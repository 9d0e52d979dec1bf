using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LiveBuddy.LoadTest;
using LiveBuddy.Testing.Twitch;
using Microsoft.AspNetCore.SignalR.Client;

// LiveBuddy load tool. Starts a fake Twitch IRC server on 127.0.0.1, a real LiveBuddy process reading it,
// and an overlay client on the hub; replays chat at --rate lines/s for --seconds and reports what reached
// the hub and the database, chat→overlay latency percentiles, and the server's CPU and RSS over time.
//   dotnet run -c Release --project tests/LiveBuddy.LoadTest -- --rate 1000 --seconds 30
//   dotnet run -c Release --project tests/LiveBuddy.LoadTest -- --rate 0 --count 200000      (as fast as possible)
//   add --viewers N to choose how many distinct chatters send the lines (round robin)
//   add --server PATH/LiveBuddy.Server.dll to run another build of the server, or --server PATH/LiveBuddy.Server to run a
//     published one (the self-contained single file of `dotnet publish -p:PublishProfile=linux-x64`)
//   add --compare-tmi to feed the same lines to tmi.js (parse only, tests/LiveBuddy.LoadTest/tmi) first, in the same run
var rate = Arg("--rate", 1000);
var seconds = Arg("--seconds", 30);
var total = rate > 0 ? rate * seconds : Arg("--count", 200_000);
// By default each viewer writes about once every 20 s at the chosen rate (a busy chat, not a flood: the flood
// filter stays quiet); --viewers 5000 at a high rate is a flood attack instead, which the filters answer.
var viewers = Arg("--viewers", Math.Clamp((rate > 0 ? rate : 50_000) * 20, 5_000, 200_000));
// At a realistic chat rate the server's CPU is the number that matters, and asking /healthz every second would be most
// of it: below 100 lines/s the samples read only the process (every 10 s) and the counters are read at the end.
var quietSampling = rate is > 0 and < 100;
// --server PATH/LiveBuddy.Server.dll runs another build (old against new, alternately, in the same minutes).
var server = ArgText("--server") ?? FindServer();
var data = Directory.CreateTempSubdirectory("livebuddy-load-").FullName;
const string Key = "loadtest-overlay-key";
const string Channel = "loadchan";

Console.WriteLine($"LiveBuddy load test: {(rate > 0 ? $"{rate:N0} lines/s for {seconds} s" : $"{total:N0} lines as fast as possible")} from {viewers:N0} viewers, machine {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");

TmiResult? tmi = args.Contains("--compare-tmi") ? await RunTmiAsync() : null;

await using var twitch = await FakeTwitchChatServer.StartAsync();
var port = FreePort();
// A .dll runs on the installed runtime; anything else is a published program (the self-contained single file a streamer runs).
var start = server.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
    ? new ProcessStartInfo("dotnet", [server, "--urls", $"http://127.0.0.1:{port}"])
    : new ProcessStartInfo(server, ["--urls", $"http://127.0.0.1:{port}"]);
start.RedirectStandardOutput = true;
start.RedirectStandardError = true;
start.WorkingDirectory = Path.GetDirectoryName(server)!;
foreach (var (name, value) in new Dictionary<string, string>
{
    ["Storage__Path"] = data, ["Security__OverlayKey"] = Key, ["Security__AdminKey"] = "loadtest-admin",
    ["Twitch__ChatUrl"] = twitch.Url.ToString(), ["Twitch__Channels__0"] = Channel, ["Demo__Mode"] = "off",
    ["Logging__LogLevel__Default"] = "Warning",
})
    start.Environment[name] = value;
using var process = Process.Start(start)!;
process.OutputDataReceived += (_, _) => { };
process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("server: " + e.Data); };
process.BeginOutputReadLine();
process.BeginErrorReadLine();

using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 300));
var client = await twitch.NextClientAsync(cancel.Token);
await client.WaitForJoinAsync(Channel, cancel.Token);

using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
while ((await Counters(http)).Count == 0) await Task.Delay(100, cancel.Token); // Kestrel starts after the sources

var latencies = new List<double>(Math.Min(total, 2_000_000));
long received = 0;
var hub = new HubConnectionBuilder().WithUrl($"http://127.0.0.1:{port}/hubs/overlay?key={Key}").Build();
hub.On<JsonElement>("chat", chat =>
{
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 0.0;
    var sentAt = chat.GetProperty("sentAt").GetInt64();
    lock (latencies) latencies.Add(now - sentAt);
    Interlocked.Increment(ref received);
});
await hub.StartAsync(cancel.Token);

var samples = new List<string>();
var rssSamples = new List<long>();
var sampler = Task.Run(async () =>
{
    var cpuBefore = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var since = Stopwatch.StartNew(); // samples come a little over a second apart (each asks /healthz): say when
    while (!cancel.IsCancellationRequested && !process.HasExited)
    {
        await Task.Delay(quietSampling ? 10_000 : 1000, cancel.Token).ContinueWith(_ => { });
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var used = (cpu - cpuBefore).TotalMilliseconds / wall.Elapsed.TotalMilliseconds * 100;
        cpuBefore = cpu;
        wall.Restart();
        var rss = process.WorkingSet64 / 1024 / 1024;
        var counters = quietSampling ? [] : await Counters(http);
        lock (samples)
        {
            rssSamples.Add(rss);
            samples.Add($"| {samples.Count + 1,4} | {since.Elapsed.TotalSeconds,6:F1} | {used,5:F1}% | {rss,6} MB | {counters.GetValueOrDefault("pipeline.processed"),10:N0} | {counters.GetValueOrDefault("storage.written"),10:N0} | {Interlocked.Read(ref received),10:N0} |");
        }
    }
});

process.Refresh();
var serverCpuAtStart = process.TotalProcessorTime;
var toolCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
var generator = Stopwatch.StartNew();
// The second half of the send, apart: the first seconds after start include compiling the hot paths.
var halfway = Task.Delay(TimeSpan.FromSeconds(rate > 0 ? total / (double)rate / 2 : 0), cancel.Token)
    .ContinueWith(_ => { process.Refresh(); return (generator.Elapsed.TotalSeconds, process.TotalProcessorTime.TotalSeconds); }, TaskScheduler.Default);
await SendFeedAsync(client, cancel.Token);
var sendSeconds = generator.Elapsed.TotalSeconds;
process.Refresh();
var serverCpuWhileSending = (process.TotalProcessorTime - serverCpuAtStart).TotalSeconds;
var (halfAt, halfCpu) = await halfway;
var serverCpuSecondHalf = (process.TotalProcessorTime.TotalSeconds - halfCpu) / Math.Max(0.001, sendSeconds - halfAt) * 100;

// Wait until the pipeline has seen everything and storage has written it (or give up after 60 s), then stop LiveBuddy
// gracefully. The end-to-end rate is lines stored per second from the first line sent.
var drained = Stopwatch.StartNew();
long processed = 0;
double? storedSeconds = null;
while (drained.Elapsed < TimeSpan.FromSeconds(60))
{
    var counters = await Counters(http);
    processed = counters.GetValueOrDefault("pipeline.processed");
    if (counters.GetValueOrDefault("storage.written") >= total && processed >= total)
    {
        storedSeconds = generator.Elapsed.TotalSeconds;
        break;
    }
    await Task.Delay(50);
}
var endToEndSeconds = storedSeconds ?? generator.Elapsed.TotalSeconds;
var toolCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - toolCpuAtStart).TotalSeconds;
var final = await Counters(http);
await Task.Delay(500); // the last overlay flush
await hub.DisposeAsync();
Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExit();
await process.WaitForExitAsync();
await cancel.CancelAsync();

var stored = CountStored(Path.Combine(data, "livebuddy.db"));
double[] sorted;
lock (latencies) sorted = latencies.Order().ToArray();
double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
var storedRate = stored / endToEndSeconds;
Console.WriteLine();
Console.WriteLine($"| lines sent | send time | processed | stored (after SIGTERM) | reached the overlay | end-to-end rate (stored) | latency p50 / p95 / p99 / max |");
Console.WriteLine($"|---|---|---|---|---|---|---|");
Console.WriteLine($"| {total:N0} | {sendSeconds:F1} s | {processed:N0} | {stored:N0} | {received:N0} | {storedRate:N0} /s{(storedSeconds is null ? " (not all stored within 60 s)" : "")} | {P(0.5):F0} / {P(0.95):F0} / {P(0.99):F0} / {(sorted.Length > 0 ? sorted[^1] : double.NaN):F0} ms |");
Console.WriteLine();
Console.WriteLine("Summary:");
if (tmi is { } t)
    Console.WriteLine($"- tmi.js parse only: {t.Lines:N0} lines in {t.Seconds:F2} s = {t.Lines / t.Seconds:N0} lines/s (node CPU {t.CpuSeconds:F1} s, RSS {t.RssMb:F0} MB); LiveBuddy end to end (stored) {storedRate:N0} lines/s = **{storedRate / (t.Lines / t.Seconds):F2}x tmi.js**");
Console.WriteLine($"- LiveBuddy end to end (stored): {stored:N0} of {total:N0} lines in {endToEndSeconds:F2} s = {storedRate:N0} lines/s");
Console.WriteLine($"- chat→overlay latency p99: {P(0.99):F0} ms ({sorted.Length:N0} lines reached the overlay)");
Console.WriteLine($"- server CPU while sending: {serverCpuWhileSending:F2} s in {sendSeconds:F1} s = {serverCpuWhileSending / sendSeconds * 100:F2}% of one core ({serverCpuSecondHalf:F2}% in the second half)");
lock (samples)
    if (rssSamples.Count > 0)
        Console.WriteLine($"- server RSS: max {rssSamples.Max()} MB, last {rssSamples[^1]} MB, median of the second half {rssSamples.Skip(rssSamples.Count / 2).Order().ElementAt((rssSamples.Count - rssSamples.Count / 2) / 2)} MB ({rssSamples.Count} samples)");
Console.WriteLine($"- the load tool itself (line generation, fake server, overlay client) used {toolCpuSeconds:F1} s of CPU in those {endToEndSeconds:F1} s ({toolCpuSeconds / endToEndSeconds * 100:F0}% of one core)");
Console.WriteLine($"- load average at the end: {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| sample | at (s) | server CPU (of one core) | RSS | pipeline processed | stored | overlay received |");
Console.WriteLine("|---|---|---|---|---|---|---|");
lock (samples) foreach (var s in samples) Console.WriteLine(s);
Console.WriteLine();
Console.WriteLine("Counters: " + string.Join(", ", final.Where(kv => kv.Value != 0).Select(kv => $"{kv.Key}={kv.Value}")));
try { Directory.Delete(data, recursive: true); } catch (IOException) { Console.Error.WriteLine("(temp data left in " + data + ")"); }
return 0;

// Sends the feed: the same lines every run (fixed seed for the message ids), at --rate lines/s or as fast as possible.
async Task SendFeedAsync(FakeTwitchChatClient to, CancellationToken cancellationToken)
{
    // Shaped as Twitch's are: user ids are numbers spread over a wide range (not one after another), message ids are UUIDs.
    // Sequential ids flattered storage: every index keyed by them was filled in order, where real chat fills it at random.
    var users = Enumerable.Range(0, viewers).Select(i => ($"viewer{i}", 10_000_000 + (long)((uint)i * 2654435761u % 900_000_000u))).ToArray();
    var messageIds = new Random(20261126);
    // Lines are written as UTF-8 straight into one reused frame buffer: the tool shares the two cores with the server,
    // and building strings, splitting and encoding them again had cost it ~0.6 of a core in a flood.
    var frame = new ChatFrameWriter(Channel);
    var clock = Stopwatch.StartNew();
    var sent = 0;
    while (sent < total)
    {
        var due = rate > 0 ? Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate)) : Math.Min(total, sent + 500);
        if (due <= sent)
        {
            // Until the next line is due (at least a millisecond): at 10 lines/s polling every millisecond cost the tool
            // a tenth of a core.
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.001, (sent + 1) / (double)rate - clock.Elapsed.TotalSeconds)), cancellationToken);
            continue;
        }
        frame.Clear();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (; sent < due; sent++)
        {
            var (login, id) = users[sent % users.Length];
            frame.AddPrivmsg(login, id, messageIds, now, sent);
        }
        await to.SendBytesAsync(frame.Bytes, cancellationToken);
    }
}

// The same feed to tmi.js in node, parsing only; the time is from the first line sent to tmi.js having handed over the last.
async Task<TmiResult> RunTmiAsync()
{
    var script = FindTmiScript();
    await using var fake = await FakeTwitchChatServer.StartAsync();
    using var node = Process.Start(new ProcessStartInfo("node", [script, fake.Url.ToString(), Channel, total.ToString(CultureInfo.InvariantCulture)])
    {
        RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(script)!,
    })!;
    var joined = new TaskCompletionSource();
    var done = new TaskCompletionSource<string>();
    node.OutputDataReceived += (_, e) =>
    {
        if (e.Data == "joined") joined.TrySetResult();
        else if (e.Data is { Length: > 0 } line && line.StartsWith('{')) done.TrySetResult(line);
    };
    node.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("tmi.js: " + e.Data); };
    node.BeginOutputReadLine();
    node.BeginErrorReadLine();
    using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 300));
    var tmiClient = await fake.NextClientAsync(limit.Token);
    await joined.Task.WaitAsync(limit.Token);
    var clock = Stopwatch.StartNew();
    await SendFeedAsync(tmiClient, limit.Token);
    var report = await done.Task.WaitAsync(limit.Token);
    var elapsed = clock.Elapsed.TotalSeconds;
    await node.WaitForExitAsync(limit.Token);
    using var json = JsonDocument.Parse(report);
    var result = new TmiResult(json.RootElement.GetProperty("lines").GetInt64(), elapsed,
        json.RootElement.GetProperty("cpuSeconds").GetDouble(), json.RootElement.GetProperty("rssMb").GetDouble());
    Console.WriteLine($"tmi.js (parse only) took {result.Lines:N0} lines in {result.Seconds:F2} s: {result.Lines / result.Seconds:N0} lines/s; now LiveBuddy, same feed");
    return result;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? Path.GetFullPath(args[i + 1]) : null;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "(not available)";

static async Task<Dictionary<string, long>> Counters(HttpClient http)
{
    try
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/healthz"));
        return doc.RootElement.GetProperty("counters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }
    catch (HttpRequestException)
    {
        return [];
    }
}

static long CountStored(string database)
{
    using var db = LiveBuddy.Storage.Schema.LiveBuddyDatabase.Open(database, readOnly: true);
    return db.ExecuteScalar<long>("SELECT COUNT(*) FROM messages");
}

static int FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static string FindServer()
{
    // The server project's build output, next to this tool's in the same configuration.
    var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
    var candidates = new[]
    {
        here.Replace(Path.Combine("LiveBuddy.LoadTest"), Path.Combine("LiveBuddy.Server"), StringComparison.Ordinal),
        here.Replace(Path.Combine("tests", "LiveBuddy.LoadTest"), Path.Combine("src", "LiveBuddy.Server"), StringComparison.Ordinal),
    };
    foreach (var c in candidates)
        if (File.Exists(Path.Combine(c, "LiveBuddy.Server.dll"))) return Path.Combine(c, "LiveBuddy.Server.dll");
    throw new FileNotFoundException("Build src/LiveBuddy.Server first (the load tool starts its program).");
}

static string FindTmiScript()
{
    // tests/LiveBuddy.LoadTest/tmi, found upwards from the build output.
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var script = Path.Combine(dir.FullName, "tests", "LiveBuddy.LoadTest", "tmi", "parse-only.js");
        if (File.Exists(script))
        {
            if (!Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "tmi.js")))
                throw new FileNotFoundException("Run `npm ci` in tests/LiveBuddy.LoadTest/tmi first (it installs tmi.js 1.8.5).");
            return script;
        }
    }
    throw new FileNotFoundException("tests/LiveBuddy.LoadTest/tmi/parse-only.js not found above " + AppContext.BaseDirectory);
}

internal sealed record TmiResult(long Lines, double Seconds, double CpuSeconds, double RssMb);
