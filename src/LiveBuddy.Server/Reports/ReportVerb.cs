using System.Text;
using System.Text.Json;
using LiveBuddy.Scoring;
using LiveBuddy.Scoring.Highlights;
using LiveBuddy.Storage;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Sessions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Reports;

/// <summary>
/// <c>report &lt;sessionId|latest&gt; [--out FILE] [--format html|json|csv]</c> (parsed by <c>LiveBuddyCli</c>): writes the
/// report to standard output, or to FILE (then prints its path). The format defaults to FILE's extension, else HTML.
/// </summary>
public static class ReportVerb
{
    /// <param name="session">A session id or <c>latest</c>.</param>
    /// <param name="file">Where to write; standard output when null.</param>
    /// <param name="explicitFormat"><c>html</c>, <c>json</c> or <c>csv</c>; when null, the file's extension, else HTML.</param>
    /// <param name="configuration">The program's configuration (for <c>Storage:Path</c> and the <c>Reports</c> section).</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>0 written, 1 no such session, 2 bad arguments.</returns>
    public static async Task<int> RunAsync(string session, string? file, string? explicitFormat, IConfiguration configuration,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var format = explicitFormat?.ToLowerInvariant() ?? Path.GetExtension(file ?? "").TrimStart('.').ToLowerInvariant() switch
        {
            "json" => "json",
            "csv" => "csv",
            _ => "html",
        };
        if (string.IsNullOrWhiteSpace(session) || format is not ("html" or "json" or "csv"))
        {
            await error.WriteLineAsync(string.IsNullOrWhiteSpace(session) ? "Which session? Give its id or 'latest'." : $"Unknown format '{format}': use html, json or csv.").ConfigureAwait(false);
            return 2;
        }

        var dataFolder = StorageOptions.DataFolderFrom(configuration);
        var options = configuration.GetSection(ReportOptions.Section).Get<ReportOptions>() ?? new ReportOptions();
        var store = new SessionStore(dataFolder);
        if (!File.Exists(store.DatabasePath))
        {
            await error.WriteLineAsync($"No LiveBuddy database in {dataFolder.Path}.").ConfigureAwait(false);
            return 1;
        }
        // The same moments and engagement as the running server: the scoring models and Scoring:Highlights.
        using var scoring = new ServiceCollection().AddSingleton(configuration).AddLiveBuddyScoring().BuildServiceProvider();
        var reports = new SessionReports(store, Options.Create(options), TimeProvider.System, null,
            scoring.GetRequiredService<ScoringModels>(), scoring.GetRequiredService<IOptions<HighlightOptions>>());
        var id = reports.Resolve(session);
        if (id is null)
        {
            await error.WriteLineAsync($"No session '{session}'. Sessions are listed at /api/sessions.").ConfigureAwait(false);
            return 1;
        }

        var stream = file is null ? null : new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream)
        {
            var writer = stream is null ? output : new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
            try
            {
                if (format == "csv")
                {
                    await ChatCsv.WriteAsync(reports.ChatLog(id, cancellationToken), writer, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var report = reports.Build(id, cancellationToken)!;
                    await writer.WriteAsync(format == "json"
                        ? JsonSerializer.Serialize(report, ReportJsonContext.Default.SessionReport)
                        : ReportHtml.Render(report)).ConfigureAwait(false);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (stream is not null) await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        if (file is not null) await error.WriteLineAsync($"Report of session {id} written to {Path.GetFullPath(file)}").ConfigureAwait(false);
        return 0;
    }
}
