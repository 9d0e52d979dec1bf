using System.Text;
using LiveBuddy.Storage.Reports;

namespace LiveBuddy.Server.Reports;

/// <summary>
/// Report routes under the admin-key <c>/api</c> group: the HTML and JSON report, the CSV chat log, comparing two
/// sessions.
/// </summary>
public static class ReportEndpoints
{
    /// <summary>Content-Security-Policy of the HTML report: nothing runs, nothing loads from outside.</summary>
    public const string ReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions/compare", async (string? a, string? b, SessionReports reports, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Two sessions needed", detail: "Use ?a=<sessionId>&b=<sessionId> (or latest).");
            var comparison = await Task.Run(() => reports.Compare(a, b, ct), ct).ConfigureAwait(false);
            return comparison is null ? Results.NotFound() : Results.Json(comparison, ReportJsonContext.Default.SessionComparison);
        });

        api.MapGet("/sessions/{id}/report", async (string id, SessionReports reports, HttpContext http, CancellationToken ct) =>
        {
            var report = await Task.Run(() => reports.Build(id, ct), ct).ConfigureAwait(false);
            if (report is null) return Results.NotFound();
            http.Response.Headers.ContentSecurityPolicy = ReportPolicy;
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Content(ReportHtml.Render(report), "text/html; charset=utf-8", Encoding.UTF8);
        });

        api.MapGet("/sessions/{id}/report.json", async (string id, SessionReports reports, CancellationToken ct) =>
        {
            var report = await Task.Run(() => reports.Build(id, ct), ct).ConfigureAwait(false);
            return report is null ? Results.NotFound() : Results.Json(report, ReportJsonContext.Default.SessionReport);
        });

        api.MapGet("/sessions/{id}/messages.csv", async (string id, SessionReports reports, HttpContext http, CancellationToken ct) =>
        {
            var sessionId = reports.Resolve(id);
            if (sessionId is null) return Results.NotFound();
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"livebuddy-{ReportFiles.SafeFileName(sessionId)}-messages.csv\"";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            // Stream the rows as they are read: a million-message session never sits in memory.
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            await Task.Run(() => ChatCsv.WriteAsync(reports.ChatLog(sessionId, ct), writer, ct), ct).ConfigureAwait(false);
            return Results.Empty;
        });

        return api;
    }
}
