using LiveBuddy.Core.Emotes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Emotes;

/// <summary>One learned channel emote (table <c>channel_emotes</c>, key platform + channel + emote). Times are Unix ms.</summary>
public sealed class ChannelEmoteRow
{
    public int Platform { get; set; }
    public string Channel { get; set; } = "";
    public string Emote { get; set; } = "";
    public int Sightings { get; set; }
    public double ValenceSum { get; set; }
    public long UpdatedAt { get; set; }
}

/// <summary>
/// Keeps what each channel's chat taught the scorer about its own emotes (Scoring's ChannelEmoteLearner), so a restart
/// starts from it instead of from nothing.
/// </summary>
public sealed class ChannelEmoteRecords : IStorageExtension
{
    internal const string CreateTable =
        """
        CREATE TABLE IF NOT EXISTS channel_emotes (
          Platform INTEGER NOT NULL, Channel TEXT NOT NULL, Emote TEXT NOT NULL,
          Sightings INTEGER NOT NULL, ValenceSum REAL NOT NULL, UpdatedAt INTEGER NOT NULL,
          PRIMARY KEY (Platform, Channel, Emote)) WITHOUT ROWID
        """;

    public bool Wants(LiveUpdate update) => update is ChannelEmotesLearned;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (update is not ChannelEmotesLearned learned) return;
        foreach (var tally in learned.Tallies)
        {
            db.Execute(
                """
                INSERT INTO channel_emotes (Platform, Channel, Emote, Sightings, ValenceSum, UpdatedAt) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (Platform, Channel, Emote) DO UPDATE SET
                  Sightings = excluded.Sightings, ValenceSum = excluded.ValenceSum, UpdatedAt = excluded.UpdatedAt
                """,
                (int)tally.Platform, tally.Channel, tally.Emote, tally.Sightings, tally.ValenceSum, tally.UpdatedAt.ToUnixTimeMilliseconds());
        }
    }

    /// <summary>
    /// Every stored tally, to start the learner with. A database not yet migrated to v12 (the writer migrates it when it
    /// opens) has none.
    /// </summary>
    public static IReadOnlyList<ChannelEmoteTally> Load(SQLiteConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.ExecuteScalar<int>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'channel_emotes'") == 0) return [];
        return [.. db.Query<ChannelEmoteRow>("SELECT Platform, Channel, Emote, Sightings, ValenceSum, UpdatedAt FROM channel_emotes")
            .Where(r => Enum.IsDefined((Platform)r.Platform))
            .Select(r => new ChannelEmoteTally((Platform)r.Platform, r.Channel, r.Emote, r.Sightings, r.ValenceSum,
                DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt)))];
    }
}
