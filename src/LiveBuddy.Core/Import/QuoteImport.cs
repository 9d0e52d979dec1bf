using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Quotes;

namespace LiveBuddy.Core.Import;

/// <summary>
/// One quote read from another bot's export, before LiveBuddy numbers it. <see cref="From"/> is the number it had
/// there; <see cref="Label"/> names it in the dry run ("line 4 (#3)").
/// </summary>
public sealed record QuoteToImport(int From, string Text, string? SaidBy, string? AddedBy, DateTimeOffset AddedAt, string? Category, string Label);

/// <summary>
/// Add imported quotes to the quote book; with <see cref="DryRun"/> only say what would be added. A quote already there
/// (same text, same day) is skipped, so importing the same file twice adds nothing the second time. Result:
/// <see cref="QuoteImportResult"/>.
/// </summary>
public sealed record ImportQuotes(IReadOnlyList<QuoteToImport> Quotes, string Source, bool DryRun) : ControlRequest;

/// <summary>A quote an import adds (or would add), with the number it had in the other bot.</summary>
public sealed record ImportedQuote(int From, Quote Quote);

/// <summary>What a quote import would add (a dry run) or added, and what it skips and why.</summary>
public sealed record QuoteImportResult(bool DryRun, IReadOnlyList<ImportedQuote> Quotes, IReadOnlyList<ImportSkip> Skipped);

/// <summary>One named counter read from another bot's export, its name already in LiveBuddy's form.</summary>
public sealed record CounterToImport(string Name, long Value, string Label);

/// <summary>
/// Add imported named counters; a name already in use is skipped, never overwritten. With <see cref="DryRun"/> only says
/// what would be added. Result: <see cref="CounterImportResult"/>.
/// </summary>
public sealed record ImportCounters(IReadOnlyList<CounterToImport> Counters, string Source, bool DryRun) : ControlRequest;

/// <summary>What a counter import would add (a dry run) or added, and what it skips and why.</summary>
public sealed record CounterImportResult(bool DryRun, IReadOnlyList<CounterToImport> Counters, IReadOnlyList<ImportSkip> Skipped);
