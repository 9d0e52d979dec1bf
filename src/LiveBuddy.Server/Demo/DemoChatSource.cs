using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Demo;

/// <summary>The <c>Demo</c> configuration section.</summary>
public sealed record DemoOptions
{
    public const string Section = "Demo";
    /// <summary><c>auto</c> (run when no platform is configured), <c>on</c> or <c>off</c>.</summary>
    public string Mode { get; init; } = "auto";
    /// <summary>Folder with the demo chat (<c>*.jsonl</c>); relative to the config folder.</summary>
    public string Folder { get; init; } = "demo";
    /// <summary>Replay speed: 1 is the recorded pace.</summary>
    public double Speed { get; init; } = 1.0;
}

/// <summary>
/// Replays <c>config/demo/*.jsonl</c> in a loop at its recorded pace when no platform is configured, so
/// overlays, polls, Q&amp;A and reports have life on a fresh machine. Each loop gets fresh event ids.
/// </summary>
public sealed partial class DemoChatSource(
    EventIngress ingress, SourceStatusBoard status, IOptions<DemoOptions> options, LiveBuddy.Server.Hosting.ConfigFolder config,
    Counters counters, TimeProvider time, ILogger<DemoChatSource> logger) : BackgroundService
{
    public const string SourceName = "demo";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = Path.Combine(config.Path, options.Value.Folder);
        var lines = DemoChat.Load(folder, out var skipped);
        counters.Add("demo.skipped_lines", skipped);
        if (lines.Count == 0)
        {
            status.Report(SourceName, SourceState.Failed, $"no demo chat in {folder}");
            LogNoDemoChat(folder);
            return;
        }
        status.Report(SourceName, SourceState.Connected, $"{lines.Count} lines from {folder}");
        LogStarted(lines.Count, folder);
        var speed = options.Value.Speed <= 0 ? 1.0 : options.Value.Speed;
        try
        {
            for (var loop = 0; !stoppingToken.IsCancellationRequested; loop++)
            {
                var previousAt = 0.0;
                for (var i = 0; i < lines.Count; i++)
                {
                    var wait = (lines[i].At - previousAt) / speed;
                    previousAt = lines[i].At;
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), time, stoppingToken).ConfigureAwait(false);
                    await ingress.PublishAsync(DemoChat.ToEvent(lines[i], i, loop, time.GetUtcNow()), stoppingToken).ConfigureAwait(false);
                }
                await Task.Delay(TimeSpan.FromSeconds(3 / speed), time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            status.Report(SourceName, SourceState.Stopped);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo mode is on but there is no demo chat in {Folder}")]
    private partial void LogNoDemoChat(string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo chat: replaying {Lines} lines from {Folder} in a loop (no platform configured)")]
    private partial void LogStarted(int lines, string folder);
}

/// <summary>
/// The demo platform's "chat": replies from LiveBuddy appear in demo chat as the bot, and moderation
/// actions come back as the platform would report them, so the whole loop is visible without an account.
/// </summary>
public sealed class DemoPlatform(EventIngress ingress, TimeProvider time) : IChatSender, IModerationExecutor
{
    private long _sequence;

    public Platform Platform => Platform.Demo;

    public ValueTask SendAsync(ChatReply reply, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return ingress.PublishAsync(new ChatMessage
        {
            Platform = Platform.Demo, Id = "demo-bot-" + Interlocked.Increment(ref _sequence), Channel = reply.Channel,
            SentAt = now, ReceivedAt = now, Text = reply.Text, ReplyToId = reply.ReplyToMessageId,
            Author = new Author { Id = "demo-livebuddy", Name = "livebuddy", DisplayName = "LiveBuddy", Color = "#9146FF", Roles = ViewerRoles.Moderator },
        }, cancellationToken);
    }

    public ValueTask ExecuteAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = "demo-mod-" + Interlocked.Increment(ref _sequence);
        StreamEvent echo = request.Kind switch
        {
            ModerationKind.Delete when request.MessageId is { } messageId => new MessageDeleted
            {
                Platform = Platform.Demo, Id = id, Channel = request.Channel, SentAt = now, ReceivedAt = now,
                TargetMessageId = messageId, TargetAuthorName = request.Target.Name,
            },
            ModerationKind.Timeout or ModerationKind.Ban => new UserCleared
            {
                Platform = Platform.Demo, Id = id, Channel = request.Channel, SentAt = now, ReceivedAt = now,
                Target = request.Target, Duration = request.Kind == ModerationKind.Ban ? null : request.Duration,
                Reason = request.Reason, Moderator = request.RequestedBy,
            },
            _ => new ChannelNotice
            {
                Platform = Platform.Demo, Id = id, Channel = request.Channel, SentAt = now, ReceivedAt = now,
                Kind = request.Kind.ToString().ToLowerInvariant(), Text = $"{request.Kind} {request.Target.DisplayName}: {request.Reason}",
            },
        };
        return ingress.PublishAsync(echo, cancellationToken);
    }
}
