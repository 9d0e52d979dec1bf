using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Import;
using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Quotes;

namespace LiveBuddy.Core.Tests.Import;

public sealed class FirebotImportTests
{
    /// <summary>
    /// Firebot's quotes export as its <c>exportQuotesToFile</c> writes it (crowbartools/Firebot,
    /// src/backend/quotes/quote-manager.ts): the header, then <c>id,"text with "" doubled",originator,creator,game,createdAt</c>
    /// joined by <c>\n</c> with no newline at the end; only the text is quoted; a missing field is <c>undefined</c>.
    /// </summary>
    private static readonly string Export = string.Join("\n",
        "ID,Text,Originator,Creator,Category,Created",
        "1,\"I never miss a jump\",mia,streamer,Celeste,2023-05-14T18:22:31.123Z",
        "2,\"He said \"\"gg\"\", then left, again\",ann,mod_bob,Warhammer 40,000: Darktide,2023-06-01T21:00:00.000Z",
        "4,\"Kappa 🎉 ça va? 日本語\",yui,mia,Just Chatting,2024-01-02T03:04:05.000Z",
        "5,\"no one said this\",,mia,undefined,2024-02-03T00:00:00.000Z",
        "6,\"\",ann,mia,Celeste,2024-02-04T00:00:00.000Z",
        "7,\"bad date\",ann,mia,Celeste,yesterday",
        "8,\"no date\",ann,mia,Celeste,undefined",
        "9,\"he said \"hi\" to me\",ann,mia,Celeste,2024-02-05T00:00:00.000Z",
        $"10,\"{new string('x', QuoteBook.MaxLength + 1)}\",ann,mia,Celeste,2024-02-06T00:00:00.000Z",
        "11,\"line one\nline two\",undefined,undefined,Celeste,2024-02-07T00:00:00.000Z",
        "12,\"after the broken one\",ann,mia,Celeste,2024-02-08T10:00:00.000Z");

    [Fact]
    public void Firebots_csv_export_is_read_field_for_field_with_commas_quotes_unicode_and_empty_names()
    {
        var export = FirebotImport.Parse(Export);

        Assert.Equal([1, 2, 4, 5, 11, 12], export.Quotes.Select(q => q.From));
        var first = export.Quotes[0];
        Assert.Equal(("I never miss a jump", "mia", "streamer", "Celeste"), (first.Text, first.SaidBy, first.AddedBy, first.Category));
        Assert.Equal(new DateTimeOffset(2023, 5, 14, 18, 22, 31, 123, TimeSpan.Zero), first.AddedAt);
        var second = export.Quotes[1];
        Assert.Equal("He said \"gg\", then left, again", second.Text);
        Assert.Equal("Warhammer 40,000: Darktide", second.Category); // written raw by Firebot: it spread over two columns
        Assert.Equal("Kappa 🎉 ça va? 日本語", export.Quotes[2].Text);
        Assert.Equal((null, "mia", null), (export.Quotes[3].SaidBy, export.Quotes[3].AddedBy, export.Quotes[3].Category));
        Assert.Equal(("line one line two", null, null), (export.Quotes[4].Text, export.Quotes[4].SaidBy, export.Quotes[4].AddedBy));
        Assert.Empty(export.Counters);

        Assert.Equal(
        [
            ("line 6 (#6)", "it has no text"),
            ("line 7 (#7)", "bad date 'yesterday'"),
            ("line 8 (#8)", "it has no date"),
            ("line 9", "broken CSV quoting: a quote mark in the text that is not doubled, or text that is never closed"),
            ("line 10 (#10)", $"its text is longer than {QuoteBook.MaxLength} characters"),
        ], export.Skipped.Select(s => (s.Name, s.Reason)));
    }

    [Fact]
    public void The_same_export_saved_with_a_byte_order_mark_and_CRLF_line_ends_reads_the_same()
    {
        var windows = "\uFEFF" + Export.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n";
        var plain = FirebotImport.Parse(Export);
        var resaved = FirebotImport.Parse(windows);
        Assert.Equal(plain.Quotes.Select(q => q with { Label = "" }), resaved.Quotes.Select(q => q with { Label = "" }));
        Assert.Equal(plain.Skipped.Count, resaved.Skipped.Count);
    }

    [Fact]
    public void A_spreadsheet_that_quotes_every_field_reads_the_same_as_Firebots_own_export()
    {
        var quoted = FirebotImport.Parse("\"ID\",\"Text\",\"Originator\",\"Creator\",\"Category\",\"Created\"\r\n"
            + "\"2\",\"He said \"\"gg\"\", then left, again\",\"ann\",\"mod_bob\",\"Warhammer 40,000: Darktide\",\"2023-06-01T21:00:00.000Z\"\r\n");
        Assert.Equal(FirebotImport.Parse(Export).Quotes[1] with { Label = "" }, Assert.Single(quoted.Quotes) with { Label = "" });
    }

    [Fact]
    public void Firebots_api_json_for_quotes_and_counters_is_read_and_bad_entries_are_skipped_with_a_reason()
    {
        // GET /api/v1/quotes: [{id, text, originator, creator, game, createdAt}]; GET /api/v1/counters: [{id, name, value}].
        var quotes = FirebotImport.Parse("""
            [ {"id": 3, "text": "chat is always right", "originator": "@ann", "creator": "mia", "game": "Celeste", "createdAt": "2023-05-14T18:22:31.123Z"},
              {"id": 4, "text": "   ", "originator": "ann", "creator": "mia", "game": "Celeste", "createdAt": "2023-05-14T18:22:31.123Z"},
              {"id": "x", "text": "no number", "createdAt": "2023-05-14T18:22:31.123Z"}, 42 ]
            """);
        var only = Assert.Single(quotes.Quotes);
        Assert.Equal((3, "chat is always right", "ann", "mia", "Celeste"), (only.From, only.Text, only.SaidBy, only.AddedBy, only.Category));
        Assert.Equal(["entry 2 (#4)", "entry 3", "entry 4"], quotes.Skipped.Select(s => s.Name));

        var counters = FirebotImport.Parse("""
            [ {"id": "a1", "name": "Death Counter", "value": 41}, {"id": "a2", "name": "wins", "value": -2},
              {"id": "a3", "name": "pie", "value": 3.14}, {"id": "a4", "name": "!!!", "value": 1} ]
            """);
        Assert.Equal([("death_counter", 41L)], counters.Counters.Select(c => (c.Name, c.Value)));
        Assert.Equal(3, counters.Skipped.Count);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("hello there", "not a Firebot quotes export")]
    [InlineData("ID,Text,Originator\n1,\"x\",ann", "not a Firebot quotes export")]
    [InlineData("[1, 2", "not valid JSON")]
    [InlineData("{\"commands\": []}", "not a Firebot export")]
    public void A_file_that_is_not_a_Firebot_export_gets_a_clear_error(string file, string expected)
    {
        var error = Assert.Throws<ImportFormatException>(() => FirebotImport.Parse(file));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dry_run_lists_the_quotes_and_changes_nothing_then_the_import_keeps_their_numbers_and_chat_finds_them()
    {
        var book = new QuoteBook([], 0, new Random(3));
        var h = new Harness(book, new CommandRouter(new CommandsOptions(), [book], []));
        var export = FirebotImport.Parse(Export);

        var dry = Assert.IsType<QuoteImportResult>(h.Send(new ImportQuotes(export.Quotes, FirebotImport.Source, DryRun: true)));
        Assert.True(dry.DryRun);
        Assert.Equal([1, 2, 4, 5, 11, 12], dry.Quotes.Select(q => q.Quote.Number));
        Assert.Empty(Assert.IsType<Quote[]>(h.Send(new ListQuotes())));
        Assert.Empty(h.Sink.Of<QuotesImported>());

        var done = Assert.IsType<QuoteImportResult>(h.Send(new ImportQuotes(export.Quotes, FirebotImport.Source, DryRun: false)));
        Assert.Equal(6, done.Quotes.Count);
        Assert.Equal(6, Assert.Single(h.Sink.Of<QuotesImported>()).Quotes.Count); // one update: stored in one transaction
        h.Twitch(Harness.Viewer("Ann"), "!quote 2");
        Assert.Equal("#2: \"He said \"gg\", then left, again\" \u2014 ann (2023-06-01, Warhammer 40,000: Darktide)", h.Sink.Replies[^1].Text);
        h.Twitch(Harness.Viewer("Ann"), "!quote 5");
        Assert.Equal("#5: \"no one said this\" (2024-02-03)", h.Sink.Replies[^1].Text);
        h.Twitch(Harness.Mod("Mia"), "!quote add a new one");
        Assert.Equal("Added quote #13.", h.Sink.Replies[^1].Text);
    }

    [Fact]
    public void Importing_the_same_file_again_adds_nothing_and_says_each_quote_is_already_there()
    {
        var book = new QuoteBook([], 0);
        var h = new Harness(book);
        var export = FirebotImport.Parse(Export);
        h.Send(new ImportQuotes(export.Quotes, FirebotImport.Source, DryRun: false));

        var again = Assert.IsType<QuoteImportResult>(h.Send(new ImportQuotes(export.Quotes, FirebotImport.Source, DryRun: false)));
        Assert.Empty(again.Quotes);
        Assert.Equal(6, again.Skipped.Count);
        Assert.Contains(again.Skipped, s => s.Name == "line 2 (#1)" && s.Reason == "already here as #1 (same text, same day)");
        Assert.Single(h.Sink.Of<QuotesImported>());
    }

    [Fact]
    public void Into_a_book_that_has_quotes_imported_ones_follow_the_highest_number_and_say_what_they_were()
    {
        var stored = new Quote(1, "mine", "mia", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), null);
        var book = new QuoteBook([stored], lastNumber: 3);
        var h = new Harness(book);
        var quotes = FirebotImport.Parse(Export).Quotes.Take(2).ToList();
        quotes.Add(quotes[0] with { Text = "same number twice in the file", Label = "line 99 (#1)" });

        var done = Assert.IsType<QuoteImportResult>(h.Send(new ImportQuotes(quotes, FirebotImport.Source, DryRun: false)));
        Assert.Equal([(1, 4), (2, 5), (1, 6)], done.Quotes.Select(q => (q.From, q.Quote.Number)));
        Assert.Equal("mine", Assert.IsType<Quote[]>(h.Send(new ListQuotes()))[0].Text);
    }

    [Fact]
    public void Into_an_empty_book_two_quotes_with_one_number_both_come_in_after_the_highest()
    {
        var h = new Harness(new QuoteBook([], 0));
        var quotes = FirebotImport.Parse(Export).Quotes.Take(2).ToList();
        quotes.Add(quotes[0] with { Text = "another first", Label = "line 99 (#1)" });
        quotes.Add(quotes[0] with { From = 50_000_000, Text = "a stray huge number", Label = "line 100 (#50000000)" });

        var done = Assert.IsType<QuoteImportResult>(h.Send(new ImportQuotes(quotes, FirebotImport.Source, DryRun: true)));
        Assert.Equal([(1, 3), (2, 2), (1, 4), (50_000_000, 5)], done.Quotes.Select(q => (q.From, q.Quote.Number)));
    }

    [Fact]
    public void Imported_counters_never_overwrite_one_that_exists()
    {
        var board = new CounterBoard(new Dictionary<string, long> { ["wins"] = 7 });
        var h = new Harness(board);
        var counters = new[] { new CounterToImport("wins", 99, "entry 1 (wins)"), new CounterToImport("deaths", 41, "entry 2 (Deaths)") };

        var dry = Assert.IsType<CounterImportResult>(h.Send(new ImportCounters(counters, FirebotImport.Source, DryRun: true)));
        Assert.Equal(["deaths"], dry.Counters.Select(c => c.Name));
        Assert.Null(board.ValueOf("deaths"));

        var done = Assert.IsType<CounterImportResult>(h.Send(new ImportCounters(counters, FirebotImport.Source, DryRun: false)));
        Assert.Equal("a counter named wins already exists", Assert.Single(done.Skipped).Reason);
        Assert.Equal((7L, 41L), (board.ValueOf("wins"), board.ValueOf("deaths")));
    }
}
