using System.Diagnostics;
using System.Globalization;
using LiveBuddy.LoadTest;
using System.Text.Json;
using LiveBuddy.Testing.Twitch;
using Microsoft.AspNetCore.SignalR.Client;

// LiveBuddy load tool. Starts a fake Twitch IRC server on 127.0.0.1, a real LiveBuddy process reading it,
// and an overlay client on the hub; replays chat at --rate lines/s for --seconds and reports what reached
// the hub and the database, chat→overlay latency percentiles, and the server's CPU and RSS over time.
//   dotnet run -c Release --project tests/LiveBuddy.LoadTest -- --rate 1000 --seconds 30
//   dotnet run -c Release --project tests/LiveBuddy.LoadTest -- --rate 0 --count 200000      (as fast as possible)
//   add --viewers N to choose how many distinct chatters send the lines (round robin)
var rate = Arg("--rate", 1000);
var seconds = Arg("--seconds", 30);
var total = rate > 0 ? rate * seconds : Arg("--count", 200_000);
// By default each viewer writes about once every 20 s at the chosen rate (a busy chat, not a flood: the flood
// filter stays quiet); --viewers 5000 at a high rate is a flood attack instead, which the filters answer.
var viewers = Arg("--viewers", Math.Clamp((rate > 0 ? rate : 50_000) * 20, 5_000, 200_000));
var server = FindServer();
var data = Directory.CreateTempSubdirectory("livebuddy-load-").FullName;
const string Key = "loadtest-overlay-key";
const string Channel = "loadchan";

await using var twitch = await FakeTwitchChatServer.StartAsync();
var port = FreePort();
var start = new ProcessStartInfo("dotnet", [server, "--urls", $"http://127.0.0.1:{port}"])
{
    RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(server)!,
    Environment =
    {
        ["Storage__Path"] = data, ["Security__OverlayKey"] = Key, ["Security__AdminKey"] = "loadtest-admin",
        ["Twitch__ChatUrl"] = twitch.Url.ToString(), ["Twitch__Channels__0"] = Channel, ["Demo__Mode"] = "off",
        ["Logging__LogLevel__Default"] = "Warning",
    },
};
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

Console.WriteLine($"LiveBuddy load test: {(rate > 0 ? $"{rate:N0} lines/s for {seconds} s" : $"{total:N0} lines as fast as possible")} from {viewers:N0} viewers, machine {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
var samples = new List<string>();
var sampler = Task.Run(async () =>
{
    var cpuBefore = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var since = Stopwatch.StartNew(); // samples come a little over a second apart (each asks /healthz): say when
    while (!cancel.IsCancellationRequested && !process.HasExited)
    {
        await Task.Delay(1000, cancel.Token).ContinueWith(_ => { });
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var used = (cpu - cpuBefore).TotalMilliseconds / wall.Elapsed.TotalMilliseconds * 100;
        cpuBefore = cpu;
        wall.Restart();
        var counters = await Counters(http);
        lock (samples) samples.Add($"| {samples.Count + 1,4} | {since.Elapsed.TotalSeconds,6:F1} | {used,5:F0}% | {process.WorkingSet64 / 1024 / 1024,6} MB | {counters.GetValueOrDefault("pipeline.processed"),10:N0} | {counters.GetValueOrDefault("storage.written"),10:N0} | {Interlocked.Read(ref received),10:N0} |");
    }
});

var generator = Stopwatch.StartNew();
var toolCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
var sent = 0;
// Shaped as Twitch's are: user ids are numbers spread over a wide range (not one after another), message ids are UUIDs.
// Sequential ids flattered storage: every index keyed by them was filled in order, where real chat fills it at random.
var users = Enumerable.Range(0, viewers).Select(i => ($"viewer{i}", 10_000_000 + (long)((uint)i * 2654435761u % 900_000_000u))).ToArray();
var messageIds = new Random(20261126);
// Lines are written as UTF-8 straight into one reused frame buffer: the tool shares the two cores with the server,
// and building strings, splitting and encoding them again had cost it ~0.6 of a core in a flood.
var frame = new ChatFrameWriter(Channel);
while (sent < total)
{
    var due = rate > 0 ? Math.Min(total, (int)(generator.Elapsed.TotalSeconds * rate)) : Math.Min(total, sent + 500);
    if (due <= sent)
    {
        await Task.Delay(1);
        continue;
    }
    frame.Clear();
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    for (; sent < due; sent++)
    {
        var (login, id) = users[sent % users.Length];
        frame.AddPrivmsg(login, id, messageIds, now, sent);
    }
    await client.SendBytesAsync(frame.Bytes, cancel.Token);
}
var sendSeconds = generator.Elapsed.TotalSeconds;

// Wait until the pipeline has seen everything (or gives up for 60 s), then stop LiveBuddy gracefully.
var drained = Stopwatch.StartNew();
long processed = 0;
while (drained.Elapsed < TimeSpan.FromSeconds(60))
{
    var counters = await Counters(http);
    processed = counters.GetValueOrDefault("pipeline.processed");
    if (counters.GetValueOrDefault("twitch.chat.events", processed) >= total && processed >= total) break;
    await Task.Delay(100);
}
var endToEndSeconds = generator.Elapsed.TotalSeconds;
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
Console.WriteLine();
Console.WriteLine($"| lines sent | send time | processed | stored (after SIGTERM) | reached the overlay | end-to-end rate | latency p50 / p95 / p99 / max |");
Console.WriteLine($"|---|---|---|---|---|---|---|");
Console.WriteLine($"| {total:N0} | {sendSeconds:F1} s | {processed:N0} | {stored:N0} | {received:N0} | {processed / endToEndSeconds:N0} /s | {P(0.5):F0} / {P(0.95):F0} / {P(0.99):F0} / {(sorted.Length > 0 ? sorted[^1] : double.NaN):F0} ms |");
Console.WriteLine();
Console.WriteLine($"The load tool itself (line generation, fake server, overlay client) used {toolCpuSeconds:F1} s of CPU in those {endToEndSeconds:F1} s ({toolCpuSeconds / endToEndSeconds * 100:F0}% of one core).");
Console.WriteLine();
Console.WriteLine("| sample | at (s) | server CPU (of one core) | RSS | pipeline processed | stored | overlay received |");
Console.WriteLine("|---|---|---|---|---|---|---|");
lock (samples) foreach (var s in samples) Console.WriteLine(s);
Console.WriteLine();
Console.WriteLine("Counters: " + string.Join(", ", final.Where(kv => kv.Value != 0).Select(kv => $"{kv.Key}={kv.Value}")));
try { Directory.Delete(data, recursive: true); } catch (IOException) { Console.Error.WriteLine("(temp data left in " + data + ")"); }
return 0;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

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
