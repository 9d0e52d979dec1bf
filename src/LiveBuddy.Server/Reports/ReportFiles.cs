using System.Text.Json;
using LiveBuddy.Core;
using LiveBuddy.Storage.Reports;

namespace LiveBuddy.Server.Reports;

/// <summary>Writes a session's report to <c>data/reports/{sessionId}.html</c> and <c>.json</c> (atomically: temp file, then rename).</summary>
public sealed partial class ReportFiles(SessionReports reports, DataFolder dataFolder, ILogger<ReportFiles> logger)
{
    public const string Folder = "reports";

    public string PathOf(string sessionId, string extension) =>
        Path.Combine(dataFolder.Path, Folder, SafeFileName(sessionId) + "." + extension);

    /// <summary>Builds and writes the report; returns the HTML file's path, or null when the session does not exist.</summary>
    public async Task<string?> WriteAsync(string sessionId, CancellationToken cancellationToken)
    {
        var report = await Task.Run(() => reports.Build(sessionId, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            LogMissing(sessionId);
            return null;
        }
        dataFolder.EnsureSubfolder(Folder);
        var html = PathOf(report.Session.Id, "html");
        await WriteAtomicAsync(html, ReportHtml.Render(report), cancellationToken).ConfigureAwait(false);
        await WriteAtomicAsync(PathOf(report.Session.Id, "json"), JsonSerializer.Serialize(report, ReportJsonContext.Default.SessionReport), cancellationToken).ConfigureAwait(false);
        LogWritten(report.Session.Id, report.Totals.Messages, html);
        return html;
    }

    /// <summary>Whether report files exist for the session (after an erasure, only those are rewritten).</summary>
    public bool Exists(string sessionId) => File.Exists(PathOf(sessionId, "html")) || File.Exists(PathOf(sessionId, "json"));

    private static async Task WriteAtomicAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content, new System.Text.UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Session ids are <c>yyyyMMdd-HHmmss</c>; anything else is reduced to safe characters so it cannot leave the folder.</summary>
    internal static string SafeFileName(string sessionId)
    {
        var chars = sessionId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "_" : new string(chars);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report of session {SessionId} written ({Messages} messages): {Path}")]
    private partial void LogWritten(string sessionId, long messages, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No session {SessionId} to write a report for")]
    private partial void LogMissing(string sessionId);
}
