using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.Discord;

/// <summary>One message the fake webhook accepted: the JSON payload and any attached files (name → bytes).</summary>
public sealed record ReceivedPost(JsonObject Payload, IReadOnlyDictionary<string, byte[]> Files, DateTimeOffset At);

/// <summary>
/// A fake Discord "Execute Webhook" endpoint (<c>POST /api/webhooks/{id}/{token}</c>, docs: resources/webhook) on
/// 127.0.0.1: JSON bodies, or multipart/form-data with <c>payload_json</c> and <c>files[n]</c>; <c>?wait=true</c>
/// answers 200 with the message, else 204; a wrong token is 401. <see cref="RateLimitNext"/> makes the next posts
/// answer 429 with the documented body (<c>message</c>, <c>retry_after</c> in seconds, <c>global</c>) and headers.
/// </summary>
public sealed class FakeDiscordWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedPost> _posts = new();
    private readonly ConcurrentQueue<DateTimeOffset> _limited = new();
    private readonly SemaphoreSlim _received = new(0);
    private int _rateLimitNext;
    private double _retryAfterSeconds;
    private long _messageIds = 1_100_000_000_000_000_000;

    private FakeDiscordWebhook(WebApplication app) => _app = app;

    public const string WebhookId = "1234567890123456789";
    public const string Token = "fake-webhook-token_Zx9";

    /// <summary>The webhook URL to put in <c>Discord:WebhookUrl</c>.</summary>
    public string WebhookUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedPost> Posts => _posts.ToArray();

    /// <summary>When each 429 was answered.</summary>
    public IReadOnlyList<DateTimeOffset> RateLimitedAt => _limited.ToArray();

    public static async Task<FakeDiscordWebhook> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscordWebhook(app);
        app.MapPost("/api/webhooks/{id}/{token}", fake.ExecuteAsync);
        await app.StartAsync().ConfigureAwait(false);
        fake.WebhookUrl = app.Urls.First().TrimEnd('/') + $"/api/webhooks/{WebhookId}/{Token}";
        return fake;
    }

    /// <summary>The next <paramref name="count"/> posts get 429 with <c>retry_after</c> = <paramref name="retryAfterSeconds"/>.</summary>
    public void RateLimitNext(int count, double retryAfterSeconds)
    {
        _retryAfterSeconds = retryAfterSeconds;
        Volatile.Write(ref _rateLimitNext, count);
    }

    public async Task<ReceivedPost> WaitForPostAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (_posts.Count < count) await _received.WaitAsync(cts.Token).ConfigureAwait(false);
        return _posts.ToArray()[count - 1];
    }

    private async Task<IResult> ExecuteAsync(HttpContext context, string id, string token)
    {
        if (id != WebhookId || token != Token)
            return Results.Json(new { message = "Invalid Webhook Token", code = 50027 }, statusCode: 401);
        if (Interlocked.Decrement(ref _rateLimitNext) >= 0)
        {
            _limited.Enqueue(DateTimeOffset.UtcNow);
            var headers = context.Response.Headers;
            headers["Retry-After"] = Math.Ceiling(_retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Limit"] = "5";
            headers["X-RateLimit-Remaining"] = "0";
            headers["X-RateLimit-Reset-After"] = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Scope"] = "shared";
            return Results.Json(new { message = "You are being rate limited.", retry_after = _retryAfterSeconds, global = false }, statusCode: 429);
        }
        Interlocked.Exchange(ref _rateLimitNext, 0);

        JsonObject? payload;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
            payload = JsonNode.Parse(form["payload_json"].ToString()) as JsonObject;
            foreach (var file in form.Files)
            {
                if (!file.Name.StartsWith("files[", StringComparison.Ordinal))
                    return Results.Json(new { message = "Invalid Form Body", code = 50035 }, statusCode: 400);
                using var stream = new MemoryStream();
                await file.CopyToAsync(stream).ConfigureAwait(false);
                files[file.FileName] = stream.ToArray();
            }
        }
        else
        {
            payload = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
        }
        if (payload is null || (payload["content"] is null && payload["embeds"] is null && files.Count == 0))
            return Results.Json(new { message = "Cannot send an empty message", code = 50006 }, statusCode: 400);

        _posts.Enqueue(new ReceivedPost(payload, files, DateTimeOffset.UtcNow));
        _received.Release();
        if (context.Request.Query["wait"] != "true") return Results.NoContent();
        var message = (JsonObject)payload.DeepClone();
        message["id"] = Interlocked.Increment(ref _messageIds).ToString(CultureInfo.InvariantCulture);
        message["webhook_id"] = WebhookId;
        return Results.Json(message);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _received.Dispose();
    }
}
