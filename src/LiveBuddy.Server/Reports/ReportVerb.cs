using System.Text;
using System.Text.Json;
using LiveBuddy.Storage;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Sessions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Reports;

/// <summary>
/// <c>report &lt;sessionId|latest&gt; [--out FILE] [--format html|json|csv]</c>: writes the report to standard output,
/// or to FILE (then prints its path). The format defaults to FILE's extension, else HTML.
/// </summary>
public static class ReportVerb
{
    public const string Usage = "usage: report <sessionId|latest> [--out FILE] [--format html|json|csv]";

    /// <param name="args">The verb's arguments, with or without the leading <c>report</c>.</param>
    /// <param name="configuration">The program's configuration (for <c>Storage:Path</c> and the <c>Reports</c> section).</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>0 written, 1 no such session, 2 bad arguments.</returns>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var rest = args.Length > 0 && args[0] == "report" ? args[1..] : args;
        if (!TryParse(rest, out var session, out var file, out var format, out var problem))
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
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
        var reports = new SessionReports(store, Options.Create(options), TimeProvider.System);
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

    private static bool TryParse(string[] args, out string session, out string? file, out string format, out string problem)
    {
        session = "";
        file = null;
        string? explicitFormat = null;
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" or "-o" when i + 1 < args.Length:
                    file = args[++i];
                    break;
                case "--format" or "-f" when i + 1 < args.Length:
                    explicitFormat = args[++i].ToLowerInvariant();
                    break;
                case var a when a.StartsWith('-'):
                    problem = $"Unknown or incomplete option '{a}'.";
                    format = "";
                    return false;
                case var a when session.Length == 0:
                    session = a;
                    break;
                default:
                    problem = $"Unexpected argument '{args[i]}'.";
                    format = "";
                    return false;
            }
        }
        format = explicitFormat ?? Path.GetExtension(file ?? "").TrimStart('.').ToLowerInvariant() switch
        {
            "json" => "json",
            "csv" => "csv",
            _ => "html",
        };
        if (session.Length == 0) problem = "Which session? Give its id or 'latest'.";
        else if (format is not ("html" or "json" or "csv")) problem = $"Unknown format '{format}'.";
        return problem.Length == 0;
    }
}
