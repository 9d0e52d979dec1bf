using LiveBuddy.Core.Pipeline;
using Microsoft.AspNetCore.Http.Features;

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// Request body limits: 64 KB for the admin API's JSON (its largest real body, a poll, is well under 1 KB),
/// 256 KB for anything else. A body over the limit is answered 413 before an endpoint reads it (or, sent
/// without a Content-Length, as soon as reading passes the limit), counted as <c>http.rejected_oversized</c>
/// and logged.
/// </summary>
public sealed partial class RequestSizeLimits(RequestDelegate next, Counters counters, ILogger<RequestSizeLimits> logger)
{
    public const long ApiBodyLimit = 64 * 1024;
    public const long BodyLimit = 256 * 1024;

    private readonly Counter _rejected = counters.Get("http.rejected_oversized");

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.Request.Path.StartsWithSegments("/api") ? ApiBodyLimit : BodyLimit;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            Refused(context, limit);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        await next(context).ConfigureAwait(false);
        // A chunked body that grew past the limit while the endpoint read it: Kestrel answered 413.
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge) Refused(context, limit);
    }

    private void Refused(HttpContext context, long limit)
    {
        _rejected.Increment();
        LogRefused(context.Request.Method, context.Request.Path.Value ?? "", limit / 1024);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: request body over {LimitKb} KB (413)")]
    private partial void LogRefused(string method, string path, long limitKb);
}
