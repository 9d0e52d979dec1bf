using LiveBuddy.Core.Emotes;
using LiveBuddy.Core.Events;
using LiveBuddy.Storage.Emotes;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using SQLite;

namespace LiveBuddy.Storage.Tests.Emotes;

public sealed class ChannelEmoteRecordsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-emotes-").FullName;
    private string DbPath => Path.Combine(_folder, LiveBuddyDatabase.FileName);
    private static readonly DateTimeOffset At = new(2026, 12, 7, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Version_11_database_gains_the_channel_emote_table_as_version_12_and_keeps_its_data()
    {
        using (var v11 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v11, upTo: 11);
            v11.Insert(new SessionRow { Id = "old", StartedAt = 1, Platforms = "twitch" });
            // Before v12 there is nothing to load, and loading does not fail.
            Assert.Empty(ChannelEmoteRecords.Load(v11));
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.True(LiveBuddyDatabase.LatestVersion >= 12);
        Assert.Equal("old", db.Table<SessionRow>().Single().Id);
        Assert.Empty(ChannelEmoteRecords.Load(db));
    }

    [Fact]
    public void Learned_tallies_are_upserted_per_channel_and_read_back_after_reopening()
    {
        var records = new ChannelEmoteRecords();
        using (var db = LiveBuddyDatabase.Open(DbPath))
        {
            records.Write(db, new ChannelEmotesLearned(
            [
                new ChannelEmoteTally(Platform.Twitch, "rin", "rinrinCry", 3, -1.2, At),
                new ChannelEmoteTally(Platform.Twitch, "kuma", "rinrinCry", 2, 0.8, At),
            ]), "s1");
            records.Write(db, new ChannelEmotesLearned([new ChannelEmoteTally(Platform.Twitch, "rin", "rinrinCry", 7, -2.5, At.AddMinutes(1))]), "s1");
        }

        using var reopened = LiveBuddyDatabase.Open(DbPath);
        var tallies = ChannelEmoteRecords.Load(reopened).OrderBy(t => t.Channel, StringComparer.Ordinal).ToList();

        Assert.Equal(2, tallies.Count);
        Assert.Equal(new ChannelEmoteTally(Platform.Twitch, "kuma", "rinrinCry", 2, 0.8, At), tallies[0]);
        Assert.Equal(new ChannelEmoteTally(Platform.Twitch, "rin", "rinrinCry", 7, -2.5, At.AddMinutes(1)), tallies[1]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
