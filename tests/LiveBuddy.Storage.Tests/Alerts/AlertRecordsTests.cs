using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core;
using LiveBuddy.Storage.Alerts;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Storage.Tests.Alerts;

public sealed class AlertRecordsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-alert-records-").FullName;

    [Fact]
    public async Task Announced_alert_is_marked_and_a_folded_one_is_not()
    {
        var writer = new StorageWriter(
            Options.Create(new StorageOptions { Path = _folder, BatchWindow = TimeSpan.FromMilliseconds(10) }),
            new DataFolder(_folder), new Counters(), [new AlertRecords()], TimeProvider.System, NullLogger<StorageWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var session = new SessionInfo { Id = "s1", StartedAt = DateTimeOffset.UnixEpoch };
        Alert Sub(string id) => new()
        {
            Platform = Platform.Twitch, Id = id, Channel = "c", SentAt = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch,
            Kind = AlertKind.Subscription, Origin = "irc", DedupeKey = "sub:1",
        };

        writer.OnUpdate(new SessionStarted(session, false));
        writer.OnEvent(Sub("irc-1"), session);
        writer.OnUpdate(new LiveBuddy.Core.Alerts.AlertAnnounced(new LiveBuddy.Core.Alerts.AlertPayload(
            "twitch:irc-1", Platform.Twitch, "subscription", "alice", null, null, 1, null, 0)));
        writer.OnEvent(Sub("eventsub-1"), session); // the same sub from EventSub: folded, never announced
        await writer.StopAsync(CancellationToken.None);

        using var db = LiveBuddyDatabase.Open(Path.Combine(_folder, LiveBuddyDatabase.FileName));
        Assert.True(db.ExecuteScalar<bool>("SELECT Announced FROM alerts WHERE EventId = 'irc-1'"));
        Assert.False(db.ExecuteScalar<bool>("SELECT Announced FROM alerts WHERE EventId = 'eventsub-1'"));
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
