using LiveBuddy.Core;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Quotes;
using LiveBuddy.Storage.Quotes;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SQLite;

namespace LiveBuddy.Storage.Tests.Quotes;

public sealed class QuoteRecordsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-quotes-").FullName;
    private readonly Counters _counters = new();
    private static readonly DateTimeOffset May14 = new(2023, 5, 14, 18, 22, 31, 123, TimeSpan.Zero);

    private string DbPath => Path.Combine(_folder, LiveBuddyDatabase.FileName);

    private StorageWriter NewWriter() => new(
        Options.Create(new StorageOptions { Path = _folder, BatchWindow = TimeSpan.FromMilliseconds(10) }),
        new DataFolder(_folder), _counters, [new QuoteRecords()], TimeProvider.System, NullLogger<StorageWriter>.Instance);

    [Fact]
    public void Version_18_gives_quotes_a_said_by_column_and_quotes_stored_before_keep_theirs_without_one()
    {
        using (var v17 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v17, upTo: 17);
            v17.Execute("INSERT INTO quotes (Number, Text, AddedBy, AddedAt, Category, Deleted) VALUES (1, 'old one', 'mia', 0, NULL, 0)");
        }

        using var db = LiveBuddyDatabase.Open(DbPath);
        var (quotes, lastNumber) = QuoteRecords.LoadQuotes(db);

        Assert.Equal(new Quote(1, "old one", "mia", DateTimeOffset.UnixEpoch, null, null), Assert.Single(quotes));
        Assert.Equal(1, lastNumber);
    }

    [Fact]
    public async Task An_import_is_stored_whole_with_who_said_each_quote()
    {
        var writer = NewWriter();
        await writer.StartAsync(CancellationToken.None);
        writer.OnUpdate(new QuotesImported([
            new Quote(1, "I never miss a jump", "streamer", May14, "Celeste", "mia"),
            new Quote(2, "Kappa 🎉 日本語", "import:firebot", May14, null, null),
        ]));
        await writer.FlushAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        using var db = LiveBuddyDatabase.Open(DbPath);
        var (quotes, lastNumber) = QuoteRecords.LoadQuotes(db);
        Assert.Equal(
            [new Quote(1, "I never miss a jump", "streamer", May14, "Celeste", "mia"), new Quote(2, "Kappa 🎉 日本語", "import:firebot", May14, null, null)],
            quotes);
        Assert.Equal(2, lastNumber);
    }

    [Fact]
    public async Task An_import_the_database_refuses_stores_none_of_its_quotes_and_loses_none_stored_before()
    {
        var writer = NewWriter();
        await writer.StartAsync(CancellationToken.None);
        writer.OnUpdate(new QuoteChanged(new Quote(1, "mine", "mia", May14, null)));
        await writer.FlushAsync(CancellationToken.None);
        // The second quote breaks the table's NOT NULL rule half-way through the import.
        writer.OnUpdate(new QuotesImported([new Quote(2, "fine", "mia", May14, null), new Quote(3, null!, "mia", May14, null)]));
        await writer.FlushAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        using var db = LiveBuddyDatabase.Open(DbPath);
        Assert.Equal(["mine"], QuoteRecords.LoadQuotes(db).Quotes.Select(q => q.Text));
        Assert.Equal(1, _counters.Value("storage.dropped.quotes_imported"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
