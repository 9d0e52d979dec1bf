using System.Globalization;
using System.Text;
using System.Text.Json;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Quotes;

namespace LiveBuddy.Core.Import;

/// <summary>What a Firebot file holds for LiveBuddy, and the entries left out with the reason.</summary>
public sealed record FirebotExport(IReadOnlyList<QuoteToImport> Quotes, IReadOnlyList<CounterToImport> Counters, IReadOnlyList<ImportSkip> Skipped);

/// <summary>
/// Reads Firebot's quotes and counters in the two shapes Firebot itself produces:
/// <list type="bullet">
/// <item>the CSV of its Quotes tab's export (crowbartools/Firebot, <c>src/backend/quotes/quote-manager.ts</c>,
/// <c>exportQuotesToFile</c>): the header <c>ID,Text,Originator,Creator,Category,Created</c>, then one line per quote
/// joined by <c>\n</c>, UTF-8; only Text is quoted (with <c>""</c> for a quote mark), the other fields are written raw,
/// so a category with a comma in it spreads over several columns; Created is the ISO 8601 time Firebot stamps
/// (<c>moment().toISOString()</c>), and a missing value is written as <c>undefined</c>;</item>
/// <item>the JSON its local API answers (<c>src/server/api/v1</c>): <c>GET /api/v1/quotes</c> →
/// <c>[{"id", "text", "originator", "creator", "game", "createdAt"}]</c> and <c>GET /api/v1/counters</c> →
/// <c>[{"id", "name", "value"}]</c>.</item>
/// </list>
/// A file re-saved by a spreadsheet (CRLF, a byte-order mark, every field quoted) reads the same. Bad rows are skipped
/// with the reason; a file that is neither shape is refused with <see cref="ImportFormatException"/>.
/// </summary>
public static class FirebotImport
{
    public const string Source = "import:firebot";

    private static readonly string[] CsvHeader = ["ID", "Text", "Originator", "Creator", "Category", "Created"];

    private const string WhatWeRead =
        "Export it from Firebot's Quotes tab (a CSV starting ID,Text,Originator,Creator,Category,Created), "
        + "or save what Firebot's API answers for /api/v1/quotes or /api/v1/counters.";

    public static FirebotExport Parse(string file)
    {
        var text = file.TrimStart('\uFEFF');
        var start = text.TrimStart();
        if (start.Length == 0) throw new ImportFormatException("The file is empty. " + WhatWeRead);
        return start[0] is '[' or '{' ? ParseJson(start) : ParseCsv(text);
    }

    private static FirebotExport ParseCsv(string text)
    {
        var quotes = new List<QuoteToImport>();
        var skipped = new List<ImportSkip>();
        var header = true;
        foreach (var row in CsvRows(text))
        {
            if (header)
            {
                if (row.Fields is null || row.Fields.Count != CsvHeader.Length
                    || !row.Fields.Select(f => f.Trim()).SequenceEqual(CsvHeader, StringComparer.OrdinalIgnoreCase))
                    throw new ImportFormatException("This is not a Firebot quotes export: its first line is not ID,Text,Originator,Creator,Category,Created. " + WhatWeRead);
                header = false;
                continue;
            }
            var label = $"line {row.Line}";
            if (row.Fields is null) { skipped.Add(new(label, "broken CSV quoting: a quote mark in the text that is not doubled, or text that is never closed")); continue; }
            var fields = row.Fields;
            if (fields.Count < CsvHeader.Length) { skipped.Add(new(label, $"it has {fields.Count} columns, not the 6 of ID,Text,Originator,Creator,Category,Created")); continue; }
            // Firebot writes the category raw: a comma in it ("Warhammer 40,000") makes extra columns before Created.
            var category = string.Join(",", fields.Skip(4).Take(fields.Count - 5));
            AddQuote(quotes, skipped, label, fields[0], fields[1], fields[2], fields[3], category, fields[^1]);
        }
        if (header) throw new ImportFormatException("The file has no header line. " + WhatWeRead);
        return new FirebotExport(quotes, [], skipped);
    }

    private static FirebotExport ParseJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ImportFormatException($"The file is not valid JSON ({ex.Message}). " + WhatWeRead);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new ImportFormatException("This is not a Firebot export: Firebot's API answers a list ([...]) for /api/v1/quotes and /api/v1/counters. " + WhatWeRead);
            var quotes = new List<QuoteToImport>();
            var counters = new List<CounterToImport>();
            var skipped = new List<ImportSkip>();
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                index++;
                var label = $"entry {index}";
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("text", out _))
                    AddQuote(quotes, skipped, label, Id(entry), Text(entry, "text"), Text(entry, "originator"), Text(entry, "creator"), Text(entry, "game"), Text(entry, "createdAt"));
                else if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out _) && entry.TryGetProperty("value", out var value))
                    AddCounter(counters, skipped, label, Text(entry, "name"), value);
                else
                    skipped.Add(new(label, "it is neither a Firebot quote (text) nor a counter (name, value)"));
            }
            return new FirebotExport(quotes, counters, skipped);
        }
    }

    private static void AddQuote(List<QuoteToImport> quotes, List<ImportSkip> skipped, string label,
        string? id, string? text, string? originator, string? creator, string? category, string? created)
    {
        if (!int.TryParse(id?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            skipped.Add(new(label, $"'{Shorten(id)}' is not a quote number"));
            return;
        }
        label = $"{label} (#{number})";
        var quoteText = OneLine(text);
        if (quoteText.Length == 0) { skipped.Add(new(label, "it has no text")); return; }
        if (quoteText.Length > QuoteBook.MaxLength) { skipped.Add(new(label, $"its text is longer than {QuoteBook.MaxLength} characters")); return; }
        if (Value(created) is not { } createdText) { skipped.Add(new(label, "it has no date")); return; }
        if (!DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var addedAt))
        {
            skipped.Add(new(label, $"bad date '{Shorten(createdText)}'"));
            return;
        }
        quotes.Add(new QuoteToImport(number, quoteText, Name(originator), Name(creator), addedAt.ToUniversalTime(), Value(category), label));
    }

    private static void AddCounter(List<CounterToImport> counters, List<ImportSkip> skipped, string label, string? rawName, JsonElement value)
    {
        // Firebot's counter names are free text ("Death Counter"); ours are one word for {count:name}.
        var name = CommandRouter.NormalizeName(string.Join('_', (rawName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        label = string.IsNullOrWhiteSpace(rawName) ? label : $"{label} ({Shorten(rawName)})";
        if (name.Length == 0) { skipped.Add(new(label, "its name must become letters, digits, - and _ (up to 30)")); return; }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            skipped.Add(new(label, $"its value {Shorten(value.GetRawText())} is not a whole number"));
            return;
        }
        if (number is < 0 or > CounterBoard.MaxValue) { skipped.Add(new(label, $"its value {number} is outside 0 to {CounterBoard.MaxValue:N0}")); return; }
        counters.Add(new CounterToImport(name, number, label));
    }

    /// <summary>The quote's number: Firebot's API calls it <c>id</c>, its database <c>_id</c>.</summary>
    private static string? Id(JsonElement entry) =>
        (entry.TryGetProperty("id", out var id) || entry.TryGetProperty("_id", out id)) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? id.ToString() : null;

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Firebot writes a missing field as <c>undefined</c> (or <c>null</c>) in its CSV.</summary>
    private static string? Value(string? field) =>
        field?.Trim() is { Length: > 0 } value && value is not "undefined" and not "null" ? value : null;

    private static string? Name(string? field) => Value(field)?.TrimStart('@') is { Length: > 0 } name ? name : null;

    /// <summary>Chat replies are one line: line breaks and tabs inside a quote become single spaces.</summary>
    private static string OneLine(string? text)
    {
        if (text is null) return "";
        var line = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            var space = char.IsControl(c) || c == '\u2028' || c == '\u2029';
            if (!space) line.Append(c);
            else if (line.Length > 0 && line[^1] != ' ') line.Append(' ');
        }
        return line.ToString().Trim();
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>One CSV record: its first line number and fields, or null fields when its quoting is broken.</summary>
    private readonly record struct CsvRow(int Line, List<string>? Fields);

    /// <summary>
    /// RFC 4180 records: a field in quotes may hold commas, line breaks and <c>""</c>; lines end in <c>\n</c> or
    /// <c>\r\n</c>. A record whose quoting is broken (text after a closing quote, a quote never closed) is returned
    /// without fields and reading goes on at the next line, so one bad quote costs one row, not the rest of the file.
    /// Blank lines are skipped.
    /// </summary>
    private static IEnumerable<CsvRow> CsvRows(string text)
    {
        var pos = 0;
        var line = 1;
        while (pos < text.Length)
        {
            var startPos = pos;
            var startLine = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var broken = false;
            while (true)
            {
                field.Clear();
                if (pos < text.Length && text[pos] == '"')
                {
                    pos++;
                    var closed = false;
                    while (pos < text.Length)
                    {
                        var c = text[pos++];
                        if (c == '"')
                        {
                            if (pos < text.Length && text[pos] == '"') { field.Append('"'); pos++; continue; }
                            closed = true;
                            break;
                        }
                        if (c == '\n') line++;
                        field.Append(c);
                    }
                    if (!closed || (pos < text.Length && text[pos] is not (',' or '\r' or '\n'))) { broken = true; break; }
                }
                else
                {
                    while (pos < text.Length && text[pos] is not (',' or '\r' or '\n')) field.Append(text[pos++]);
                }
                fields.Add(field.ToString());
                if (pos < text.Length && text[pos] == ',') { pos++; continue; }
                if (pos < text.Length && text[pos] == '\r') pos++;
                if (pos < text.Length && text[pos] == '\n') { pos++; line++; }
                break;
            }
            if (broken)
            {
                var next = text.IndexOf('\n', startPos);
                pos = next < 0 ? text.Length : next + 1;
                line = startLine + 1;
                yield return new CsvRow(startLine, null);
                continue;
            }
            if (fields.Count == 1 && fields[0].Trim().Length == 0) continue;
            yield return new CsvRow(startLine, fields);
        }
    }
}
