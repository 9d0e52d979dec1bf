using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LiveBuddy.Storage;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Testing.Twitch;
using Microsoft.AspNetCore.SignalR.Client;
using SQLite;
using Xunit.Abstractions;

namespace LiveBuddy.Server.Tests.Hosting;

/// <summary>
/// The real server as its own process, fed raw Twitch chat, killed with SIGKILL mid-stream: the database is
/// intact, it holds every line up to shortly before the kill with no gaps, and a restart on the same data
/// folder continues the same session.
/// </summary>
[Trait("Category", "Kill")]
public sealed class KillTests(ITestOutputHelper output)
{
    private const string Channel = "killchan";
    private const string OverlayKey = "kill-test-overlay-key";

    [Fact]
    public async Task Kill_9_under_load_leaves_an_intact_database_missing_at_most_one_batch_window_and_a_restart_continues_the_session()
    {
        var data = Directory.CreateTempSubdirectory("livebuddy-kill-").FullName;
        var batchWindow = new StorageOptions().BatchWindow;
        await using var twitch = await FakeTwitchChatServer.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var clock = Stopwatch.StartNew();
        var arrivedAt = new Dictionary<int, TimeSpan>();
        int sent;
        TimeSpan killedAt;

        using (var first = ServerProcess.Start(Settings(data, twitch.Url)))
        {
            var client = await twitch.NextClientAsync(deadline.Token);
            await client.WaitForJoinAsync(Channel, deadline.Token);
            await first.WaitUntilServingAsync(deadline.Token);
            var hub = new HubConnectionBuilder().WithUrl($"{first.BaseUrl}hubs/overlay?key={OverlayKey}").Build();
            hub.On<JsonElement>("chat", c =>
            {
                var n = int.Parse(c.GetProperty("id").GetString()!.AsSpan("k-".Length), CultureInfo.InvariantCulture);
                lock (arrivedAt) arrivedAt[n] = clock.Elapsed;
            });
            await hub.StartAsync(deadline.Token);

            // About 1,000 lines a second for 2.5 s, then SIGKILL right after a send, while those lines are still on
            // their way. (Killing after the pause between sends gave the writer time to store the last lines now and
            // then, and the test's premise, a kill under load, did not hold.)
            sent = 0;
            var sending = Stopwatch.StartNew();
            while (true)
            {
                var lines = new StringBuilder();
                for (var i = 0; i < 10; i++, sent++) lines.Append(Line(sent)).Append("\r\n");
                await client.SendAsync(lines.ToString(), deadline.Token);
                if (sending.Elapsed >= TimeSpan.FromSeconds(2.5)) break;
                await Task.Delay(10, deadline.Token);
            }
            killedAt = clock.Elapsed;
            first.Kill();
            await first.WaitForExitAsync(deadline.Token);
            try
            {
                await hub.DisposeAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException)
            {
                // The server is gone; so is the hub.
            }
        }

        var databasePath = Path.Combine(data, Storage.Schema.LiveBuddyDatabase.FileName);
        List<int> stored;
        string sessionBefore;
        using (var db = new SQLiteConnection(databasePath))
        {
            Assert.Equal("ok", db.ExecuteScalar<string>("PRAGMA integrity_check"));
            stored = db.QueryScalars<string>("SELECT EventId FROM messages").Select(id => int.Parse(id.AsSpan(2), CultureInfo.InvariantCulture)).Order().ToList();
            sessionBefore = db.ExecuteScalar<string>("SELECT Id FROM sessions");
        }

        // What was stored is the chat as sent, from the first line on, with no gaps: a prefix of what was sent.
        Assert.NotEmpty(stored);
        Assert.Equal(Enumerable.Range(0, stored.Count), stored);
        // Whatever reached the overlay more than one batch window (plus the time to write a batch) before the kill is stored.
        var margin = TimeSpan.FromMilliseconds(500);
        Dictionary<int, TimeSpan> arrived;
        lock (arrivedAt) arrived = new(arrivedAt);
        var lost = arrived.Where(a => a.Key >= stored.Count).Select(a => killedAt - a.Value).DefaultIfEmpty(TimeSpan.Zero).Max();
        Assert.True(lost <= batchWindow + margin,
            $"a line that reached the overlay {lost.TotalMilliseconds:F0} ms before the kill was lost (stored {stored.Count} of {sent}, batch window {batchWindow.TotalMilliseconds} ms)");
        Assert.True(stored.Count < sent, "the kill came while lines were still arriving");
        output.WriteLine($"sent {sent}, reached the overlay {arrived.Count}, stored {stored.Count}; the oldest lost line reached the overlay {lost.TotalMilliseconds:F0} ms before the kill");

        // A restart on the same folder reads on, in the same session.
        using (var second = ServerProcess.Start(Settings(data, twitch.Url)))
        {
            var client = await twitch.NextClientAsync(deadline.Token);
            await client.WaitForJoinAsync(Channel, deadline.Token);
            await second.WaitUntilServingAsync(deadline.Token);
            await client.SendAsync(string.Join("\r\n", Enumerable.Range(1_000_000, 5).Select(Line)), deadline.Token);
            string? sessionAfter = null;
            await Wait.UntilAsync(async () => (sessionAfter = await second.SessionIdAsync()) is not null, TimeSpan.FromSeconds(20), "the restarted server should be in a session");
            Assert.Equal(sessionBefore, sessionAfter);
            await second.TerminateAsync(deadline.Token);
        }

        using (var db = new SQLiteConnection(databasePath))
        {
            Assert.Equal(5, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE EventId LIKE 'k-100000_'"));
            Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM sessions"));
        }
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    // Fifty viewers taking turns; each line's id (k-n) is its number, so a gap is a lost line.
    private static readonly RawPrivmsg Lines = new(Channel, "4242", "k");

    private static string Line(int n) => Lines.Line($"viewer{n % 50}", $"line {n} of the stream", userId: 100 + n % 50, id: $"k-{n}");

    private static Dictionary<string, string> Settings(string data, Uri twitchUrl) => new()
    {
        ["Storage__Path"] = data, ["Security__OverlayKey"] = OverlayKey, ["Security__AdminKey"] = "kill-test-admin",
        ["Twitch__ChatUrl"] = twitchUrl.ToString(), ["Twitch__Channels__0"] = Channel, ["Demo__Mode"] = "off",
        ["Moderation__Enabled"] = "false", ["Logging__LogLevel__Default"] = "Warning",
    };
}
