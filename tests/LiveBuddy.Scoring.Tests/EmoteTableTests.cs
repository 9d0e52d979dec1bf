using LiveBuddy.Scoring.Emotes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Scoring.Tests;

public sealed class EmoteTableTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"emotes-{Guid.NewGuid():N}.tsv");

    [Fact]
    public void Exact_names_win_and_long_names_also_match_case_insensitively()
    {
        var table = EmoteTable.Parse(new StringReader("KEKW\t0.7\tlaugh\nF\t-0.3\tsad\n"));

        Assert.True(table.TryGet("KEKW", out var exact));
        Assert.True(table.TryGet("kekw", out var folded));
        Assert.False(table.TryGet("f", out _));
        Assert.Equal(EmoteCategory.Laugh, exact.Category);
        Assert.Same(exact, folded);
    }

    [Fact]
    public void Bad_rows_are_reported_with_their_line_number()
    {
        var error = Assert.Throws<FormatException>(() => EmoteTable.Parse(new StringReader("# c\nKEKW\t7\tlaugh\n")));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_reloads_when_the_file_changes()
    {
        File.WriteAllText(_path, "KEKW\t0.7\tlaugh\n");
        File.SetLastWriteTimeUtc(_path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var time = new FakeTimeProvider();
        using var source = new EmoteTableSource(_path, time, TimeSpan.FromSeconds(5), NullLogger.Instance);
        Assert.False(source.Current.TryGet("channelHype", out _));

        File.WriteAllText(_path, "KEKW\t0.7\tlaugh\nchannelHype\t0.9\thype\n");
        File.SetLastWriteTimeUtc(_path, new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(source.Current.TryGet("channelHype", out var emote));
        Assert.Equal(EmoteCategory.Hype, emote.Category);
    }

    [Fact]
    public void A_broken_edit_keeps_the_previous_table()
    {
        File.WriteAllText(_path, "KEKW\t0.7\tlaugh\n");
        File.SetLastWriteTimeUtc(_path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var time = new FakeTimeProvider();
        using var source = new EmoteTableSource(_path, time, TimeSpan.FromSeconds(5), NullLogger.Instance);

        File.WriteAllText(_path, "KEKW\tnot-a-number\tlaugh\n");
        File.SetLastWriteTimeUtc(_path, new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(source.Current.TryGet("KEKW", out _));
    }

    [Fact]
    public void The_shipped_table_has_the_popular_emotes()
    {
        var table = EmoteTable.Load(Path.Combine(AppContext.BaseDirectory, "Data", "emotes.tsv"));

        foreach (var name in new[] { "KEKW", "LUL", "OMEGALUL", "Sadge", "monkaS", "PogU", "Pog", "PogChamp", "COPIUM", "Kappa",
                     "PepeHands", "BibleThump", "4Head", "ResidentSleeper", "NotLikeThis", "pepeLaugh", "catJAM", "widepeepoHappy" })
            Assert.True(table.TryGet(name, out _), name);
        Assert.True(table.TryGet("Kappa", out var kappa));
        Assert.Equal(EmoteCategory.Sarcasm, kappa.Category);
    }

    public void Dispose() => File.Delete(_path);
}
