using System.Globalization;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Import;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Quotes;

/// <summary>
/// A saved quote. Numbers are never reused, so <c>!quote 12</c> means the same quote forever. <c>Category</c> is the
/// stream's category (game) when it was added, where known; <c>SaidBy</c> who said it, where known (quotes imported from
/// a bot that records it).
/// </summary>
public sealed record Quote(int Number, string Text, string AddedBy, DateTimeOffset AddedAt, string? Category, string? SaidBy = null);

/// <summary>A quote was added (<see cref="Deleted"/> false) or deleted: store it (upsert by number).</summary>
public sealed record QuoteChanged(Quote Quote, bool Deleted = false) : LiveUpdate;

/// <summary>Quotes an import added: stored together, in one transaction, so an import is stored whole or not at all.</summary>
public sealed record QuotesImported(IReadOnlyList<Quote> Quotes) : LiveUpdate;

/// <summary>Add a quote from the control page or an import. Result: the <see cref="Quote"/>.</summary>
public sealed record AddQuote(string Text, string AddedBy, DateTimeOffset? AddedAt = null, string? Category = null) : ControlRequest;

/// <summary>Delete a quote from the control page. Result: the deleted <see cref="Quote"/> or <see cref="ControlError"/>.</summary>
public sealed record DeleteQuote(int Number) : ControlRequest;

/// <summary>All quotes for the control page. Result: <c>Quote[]</c>.</summary>
public sealed record ListQuotes : ControlRequest;

/// <summary>The stream's category (game), set by whichever platform source learns it.</summary>
public sealed record CategoryChanged(string? Category) : ControlRequest;

/// <summary>
/// <c>!quote</c> (random), <c>!quote N</c>, <c>!quote add text</c> and <c>!quote del N</c> (moderator+). A quote is
/// stamped with the date and, where known, the stream's category.
/// </summary>
public sealed class QuoteBook : IStreamFeature, IChatCommandHandler
{
    /// <summary>Longer quotes are refused (chat replies must fit the platform's limits with the number and date).</summary>
    public const int MaxLength = 300;

    /// <summary>An imported quote keeps its number only up to this (a number is never reused, so a stray huge one would stick).</summary>
    public const int MaxKeptNumber = 1_000_000;

    private readonly SortedDictionary<int, Quote> _quotes = [];
    private readonly Random _random;
    private readonly PermissionLevel _manageLevel;
    private int _lastNumber;
    private string? _category;

    /// <param name="stored">Quotes from storage.</param>
    /// <param name="lastNumber">The highest number ever given (deleted ones included), so numbers are not reused.</param>
    /// <param name="random">Picks the random quote; seeded in tests.</param>
    /// <param name="manageLevel">Who may add and delete quotes.</param>
    public QuoteBook(IEnumerable<Quote> stored, int lastNumber, Random? random = null, PermissionLevel manageLevel = PermissionLevel.Moderator)
    {
        foreach (var quote in stored) _quotes[quote.Number] = quote;
        _lastNumber = Math.Max(lastNumber, _quotes.Count == 0 ? 0 : _quotes.Keys.Max());
        _random = random ?? Random.Shared;
        _manageLevel = manageLevel;
    }

    public IReadOnlyCollection<string> CommandNames { get; } = ["quote"];

    public void Handle(PipelineInput input, FeatureContext context)
    {
        switch (input)
        {
            case CategoryChanged changed:
                _category = string.IsNullOrWhiteSpace(changed.Category) ? null : changed.Category.Trim();
                changed.Completion.TrySetResult(null);
                break;
            case AddQuote add:
                var text = Clean(add.Text);
                if (text.Length is 0 or > MaxLength)
                {
                    add.Completion.TrySetResult(new ControlError($"A quote needs 1 to {MaxLength} characters."));
                    return;
                }
                add.Completion.TrySetResult(Add(text, add.AddedBy, add.AddedAt ?? context.Now, add.Category ?? Category(context), context));
                break;
            case DeleteQuote delete:
                delete.Completion.TrySetResult(Delete(delete.Number, context) is { } deleted ? deleted : new ControlError($"There is no quote #{delete.Number}."));
                break;
            case ListQuotes list:
                list.Completion.TrySetResult(_quotes.Values.ToArray());
                break;
            case ImportQuotes import:
                import.Completion.TrySetResult(Import(import, context));
                break;
        }
    }

    public void HandleCommand(ChatCommand command, FeatureContext context)
    {
        var args = command.ArgList;
        var me = command.Message.Author.DisplayName;
        if (args.Count == 0)
        {
            if (_quotes.Count == 0) { command.Reply(context, "No quotes yet."); return; }
            command.Reply(context, Describe(_quotes.Values.ElementAt(_random.Next(_quotes.Count))));
            return;
        }
        switch (args[0].ToLowerInvariant())
        {
            case "add":
                if (command.Level < _manageLevel) return;
                var text = Clean(command.Args[args[0].Length..]);
                if (text.Length is 0 or > MaxLength)
                {
                    command.Reply(context, $"@{me} usage: {command.Prefix}quote add <text of 1 to {MaxLength} characters>");
                    return;
                }
                var added = Add(text, command.Message.Author.Name, context.Now, Category(context), context);
                command.Reply(context, $"Added quote #{added.Number}.");
                return;
            case "del" or "delete" or "remove":
                if (command.Level < _manageLevel) return;
                if (args.Count != 2 || !TryNumber(args[1], out var toDelete))
                {
                    command.Reply(context, $"@{me} usage: {command.Prefix}quote del <number>");
                    return;
                }
                command.Reply(context, Delete(toDelete, context) is null ? $"@{me} there is no quote #{toDelete}." : $"Deleted quote #{toDelete}.");
                return;
            default:
                if (!TryNumber(args[0], out var number))
                {
                    command.Reply(context, $"@{me} usage: {command.Prefix}quote [number]");
                    return;
                }
                command.Reply(context, _quotes.TryGetValue(number, out var quote) ? Describe(quote) : $"@{me} there is no quote #{number}.");
                return;
        }
    }

    private Quote Add(string text, string by, DateTimeOffset at, string? category, FeatureContext context)
    {
        var quote = new Quote(++_lastNumber, text, by, at, category);
        _quotes[quote.Number] = quote;
        context.Emit(new QuoteChanged(quote));
        return quote;
    }

    private Quote? Delete(int number, FeatureContext context)
    {
        if (!_quotes.Remove(number, out var quote)) return null;
        context.Emit(new QuoteChanged(quote, Deleted: true));
        return quote;
    }

    /// <summary>
    /// Numbers the imported quotes and, unless it is a dry run, adds them. A quote already in the book with the same text
    /// on the same day (UTC) is skipped, so importing a file again adds nothing. Numbers: into a book that has never held
    /// a quote, each keeps its number from the other bot (so <c>!quote 12</c> still finds it) unless two share one;
    /// otherwise, and for those, they follow after the highest number, in the file's order.
    /// </summary>
    private QuoteImportResult Import(ImportQuotes import, FeatureContext context)
    {
        var skipped = new List<ImportSkip>();
        var known = new Dictionary<(string, DateOnly), int>();
        foreach (var quote in _quotes.Values) known.TryAdd(Key(quote.Text, quote.AddedAt), quote.Number);
        var accepted = new List<QuoteToImport>();
        var inFile = new HashSet<(string, DateOnly)>();
        foreach (var quote in import.Quotes)
        {
            var key = Key(quote.Text, quote.AddedAt);
            if (known.TryGetValue(key, out var number)) skipped.Add(new(quote.Label, $"already here as #{number} (same text, same day)"));
            else if (!inFile.Add(key)) skipped.Add(new(quote.Label, "the same quote is in the file twice"));
            else accepted.Add(quote);
        }

        var keep = _lastNumber == 0;
        var kept = new HashSet<int>(keep
            ? accepted.Select(q => q.From).Where(n => n <= MaxKeptNumber).GroupBy(n => n).Where(g => g.Count() == 1).Select(g => g.Key)
            : []);
        var next = Math.Max(_lastNumber, kept.Count == 0 ? 0 : kept.Max());
        var added = accepted
            .Select(q => new ImportedQuote(q.From, new Quote(kept.Contains(q.From) ? q.From : ++next, q.Text, q.AddedBy ?? import.Source, q.AddedAt, q.Category, q.SaidBy)))
            .ToArray();
        if (!import.DryRun && added.Length > 0)
        {
            foreach (var item in added) _quotes[item.Quote.Number] = item.Quote;
            _lastNumber = next;
            context.Emit(new QuotesImported(added.Select(a => a.Quote).ToArray()));
        }
        return new QuoteImportResult(import.DryRun, added, skipped);
    }

    private static (string, DateOnly) Key(string text, DateTimeOffset at) => (text.Trim(), DateOnly.FromDateTime(at.UtcDateTime));

    private static string Describe(Quote quote)
    {
        var date = quote.AddedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var category = quote.Category is null ? "" : $", {quote.Category}";
        var saidBy = quote.SaidBy is null ? "" : $" \u2014 {quote.SaidBy}";
        return $"#{quote.Number}: \"{quote.Text}\"{saidBy} ({date}{category})";
    }

    private static string Clean(string text) => text.Trim().Trim('"').Trim();

    private static bool TryNumber(string text, out int number) =>
        int.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;

    /// <summary>The category set from the control page, else the one the platform reported for the live session.</summary>
    private string? Category(FeatureContext context) => _category ?? context.Session?.Category;
}
