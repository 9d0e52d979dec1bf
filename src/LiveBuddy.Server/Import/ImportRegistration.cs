using LiveBuddy.Core.Import;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;

namespace LiveBuddy.Server.Import;

public static class ImportRegistration
{
    /// <summary>
    /// <c>POST /api/import/nightbot?dryRun=true|false</c> with the JSON Nightbot's API returns for
    /// <c>GET https://api.nightbot.tv/1/commands</c> as the body, and <c>POST /api/import/firebot?dryRun=true|false</c>
    /// with Firebot's quotes CSV export or the JSON of its API's <c>/api/v1/quotes</c> or <c>/api/v1/counters</c>. A dry
    /// run (the default) lists what would be added and what is skipped and why; without it the entries are added (never
    /// over a command or counter that exists, never a quote twice). A file that is not such an export gets a 400 with
    /// what was expected.
    /// </summary>
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/import/nightbot", async (HttpRequest request, bool? dryRun, EventIngress ingress, TimeProvider time, CancellationToken ct) =>
        {
            var file = await ReadBodyAsync(request, ct).ConfigureAwait(false);
            try
            {
                var (commands, skipped) = NightbotImport.Parse(file, time.GetUtcNow());
                return await ControlApi.SendAsync(ingress, new ImportCommands(commands, skipped, dryRun ?? true), ct).ConfigureAwait(false);
            }
            catch (ImportFormatException ex)
            {
                return ControlApi.Problem(ex.Message);
            }
        });
        api.MapPost("/import/firebot", async (HttpRequest request, bool? dryRun, EventIngress ingress, CancellationToken ct) =>
        {
            var file = await ReadBodyAsync(request, ct).ConfigureAwait(false);
            FirebotExport export;
            try
            {
                export = FirebotImport.Parse(file);
            }
            catch (ImportFormatException ex)
            {
                return ControlApi.Problem(ex.Message);
            }
            var dry = dryRun ?? true;
            var quotes = (QuoteImportResult)(await ControlApi.AskAsync(ingress, new ImportQuotes(export.Quotes, FirebotImport.Source, dry), ct).ConfigureAwait(false))!;
            var counters = (CounterImportResult)(await ControlApi.AskAsync(ingress, new ImportCounters(export.Counters, FirebotImport.Source, dry), ct).ConfigureAwait(false))!;
            return Results.Json(new FirebotImportAnswer(dry, quotes.Quotes, counters.Counters, [.. export.Skipped, .. quotes.Skipped, .. counters.Skipped]));
        });
        return api;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The answer of <c>/api/import/firebot</c>: quotes and counters added (or that would be), and every entry skipped.</summary>
    private sealed record FirebotImportAnswer(bool DryRun, IReadOnlyList<ImportedQuote> Quotes, IReadOnlyList<CounterToImport> Counters, IReadOnlyList<ImportSkip> Skipped);
}
