using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Storage.Schema;
using Microsoft.AspNetCore.SignalR.Client;
using SQLite;

namespace LiveBuddy.Server.Tests.Hosting;

/// <summary>The whole host while its database cannot be written: chat keeps flowing, storage catches up after.</summary>
public sealed class StorageFaultHostTests
{
    private static ChatMessage Chat(string id) => new()
    {
        Platform = Platform.Twitch, Id = id, Channel = "chan", SentAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
        Author = new Author { Id = "u-" + id, Name = "viewer", DisplayName = "viewer" }, Text = "message " + id,
    };

    [Fact]
    public async Task Locked_database_keeps_chat_flowing_to_overlays_and_holds_a_bounded_queue_until_the_lock_is_gone()
    {
        const int capacity = 300;
        const int total = 1_000;
        await using var host = TestHost.Start(new Dictionary<string, string?> { ["Storage:QueueCapacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var hub = host.CreateOverlayConnection();
        var lastArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("chat", c => { if (c.GetProperty("id").GetString() == "locked-last") lastArrived.TrySetResult(); });
        await hub.StartAsync();
        using var http = host.CreateClient();
        var databasePath = Path.Combine(host.DataPath, LiveBuddyDatabase.FileName);

        await host.Ingress.PublishAsync(Chat("before-lock"));
        await Wait.UntilAsync(() => Count(databasePath, "SELECT COUNT(*) FROM messages") == 1, TimeSpan.FromSeconds(20), "the first message should be stored");

        var writtenBefore = host.Counters.Value("storage.written");
        // Another program takes the database's write lock and keeps it.
        using var blocker = new SQLiteConnection(databasePath) { BusyTimeout = TimeSpan.FromSeconds(5) };
        blocker.Execute("BEGIN EXCLUSIVE");
        for (var i = 0; i < total - 1; i++) await host.Ingress.PublishAsync(Chat("locked-" + i));
        await host.Ingress.PublishAsync(Chat("locked-last"));

        // Chat still reaches overlays, and the failure is counted where /healthz shows it.
        await lastArrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Wait.UntilAsync(async () => await CounterAsync(http, "storage.failed_batches") >= 1, TimeSpan.FromSeconds(30),
            "the writer should report the locked database");
        var healthy = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.True(healthy.IsSuccessStatusCode);
        Assert.True(host.Counters.Value("pipeline.processed") >= total + 1);

        blocker.Execute("ROLLBACK");
        // Other features queue rows for the same lines (each new viewer's points award, a goal's progress…) through the
        // same queue: the chat lines are counted by their own kind, so every one of them is either stored or dropped.
        var dropped = 0L;
        await Wait.UntilAsync(() =>
        {
            dropped = host.Counters.Value("storage.dropped.chat_message");
            return Count(databasePath, "SELECT COUNT(*) FROM messages") + dropped == total + 1;
        }, TimeSpan.FromSeconds(30), "every message is either stored or counted as dropped");

        // Memory stayed bounded: what did not fit in the queue was dropped and counted, the rest was written in order.
        // The queue's rows are of every kind, so it is the rows written since the lock (not the messages among them)
        // that show the whole queue was kept.
        Assert.True(dropped > 0, "a queue of 300 cannot hold 1,000 messages");
        Assert.True(host.Counters.Value("storage.dropped") >= dropped);
        await Wait.UntilAsync(() => host.Counters.Value("storage.written") - writtenBefore >= capacity, TimeSpan.FromSeconds(30),
            "the queue held its capacity and all of it was written");
        Assert.Equal(1, Count(databasePath, "SELECT COUNT(*) FROM messages WHERE EventId = 'locked-0'"));
        Assert.Equal("ok", Scalar(databasePath, "PRAGMA integrity_check"));
    }

    private static long Count(string databasePath, string sql) => long.Parse(Scalar(databasePath, sql), System.Globalization.CultureInfo.InvariantCulture);

    private static string Scalar(string databasePath, string sql)
    {
        using var db = new SQLiteConnection(new SQLiteConnectionString(databasePath, SQLiteOpenFlags.ReadOnly, storeDateTimeAsTicks: true));
        return db.ExecuteScalar<string>(sql);
    }

    private static async Task<long> CounterAsync(HttpClient http, string name)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        return doc.RootElement.GetProperty("counters").TryGetProperty(name, out var value) ? value.GetInt64() : 0;
    }
}
