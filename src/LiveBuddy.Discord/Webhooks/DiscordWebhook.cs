using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace LiveBuddy.Discord.Webhooks;

/// <summary>A file to attach to a post (the HTML report).</summary>
public sealed record WebhookFile(string Name, string ContentType, byte[] Content);

/// <summary>
/// Executes a Discord channel webhook (<c>POST {webhook url}?wait=true</c> with a JSON body, or multipart with
/// <c>payload_json</c> and <c>files[n]</c> when files are attached). A 429 is waited out for the
/// <c>retry_after</c> seconds Discord names (docs: topics/rate-limits), other failures back off; both through a Polly
/// retry pipeline. The webhook URL is never logged: log lines name only the status.
/// </summary>
public sealed partial class DiscordWebhook
{
    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public DiscordWebhook(HttpClient http, DiscordOptions options, TimeProvider time, ILogger<DiscordWebhook> logger)
    {
        _http = http;
        _options = options;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException)
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                DelayGenerator = args => RetryAfterAsync(args.Outcome.Result),
                OnRetry = args =>
                {
                    LogRetrying((int?)args.Outcome.Result?.StatusCode, args.RetryDelay, args.AttemptNumber + 1);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>How many 429s were waited out (for tests and /metrics).</summary>
    public int RateLimited => Volatile.Read(ref _rateLimited);
    private int _rateLimited;

    /// <summary>Posts one message; true when Discord took it. Failures are logged (without the URL), never thrown.</summary>
    public async Task<bool> PostAsync(JsonObject message, IReadOnlyList<WebhookFile> files, CancellationToken cancellationToken)
    {
        if (!_options.IsConfigured) return false;
        message["username"] ??= _options.Username;
        var url = new Uri(_options.WebhookUrl! + (_options.WebhookUrl!.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "wait=true");
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async token => await _http.SendAsync(Build(url, message, files), token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return true;
            LogRefused((int)response.StatusCode);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex.GetType().Name);
            return false;
        }
    }

    private static HttpRequestMessage Build(Uri url, JsonObject message, IReadOnlyList<WebhookFile> files)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (files.Count == 0)
        {
            request.Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
            return request;
        }
        var body = (JsonObject)message.DeepClone();
        var attachments = new JsonArray();
        for (var i = 0; i < files.Count; i++) attachments.Add(new JsonObject { ["id"] = i, ["filename"] = files[i].Name });
        body["attachments"] = attachments;
        var multipart = new MultipartFormDataContent
        {
            { new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), "payload_json" },
        };
        for (var i = 0; i < files.Count; i++)
        {
            var file = new ByteArrayContent(files[i].Content);
            file.Headers.ContentType = new MediaTypeHeaderValue(files[i].ContentType);
            multipart.Add(file, string.Create(CultureInfo.InvariantCulture, $"files[{i}]"), files[i].Name);
        }
        request.Content = multipart;
        return request;
    }

    /// <summary>Discord's own wait for a 429 (body <c>retry_after</c> in seconds, else the <c>Retry-After</c> header); null: back off.</summary>
    private async ValueTask<TimeSpan?> RetryAfterAsync(HttpResponseMessage? response)
    {
        if (response?.StatusCode != HttpStatusCode.TooManyRequests) return null;
        Interlocked.Increment(ref _rateLimited);
        try
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("retry_after", out var seconds) && seconds.TryGetDouble(out var s) && s >= 0)
                return TimeSpan.FromSeconds(Math.Min(s, 300));
        }
        catch (JsonException)
        {
            // Not Discord's JSON (a proxy's page): fall back to the header.
        }
        return response.Headers.RetryAfter?.Delta is { } delta ? delta : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord webhook answered {Status}; trying again in {Delay} (attempt {Attempt})")]
    private partial void LogRetrying(int? status, TimeSpan delay, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord webhook refused the post with {Status} (check Discord:WebhookUrl)")]
    private partial void LogRefused(int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the Discord webhook ({Error})")]
    private partial void LogFailed(string error);
}
