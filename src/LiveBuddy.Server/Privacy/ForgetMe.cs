using System.Threading.Channels;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;

namespace LiveBuddy.Server.Privacy;

/// <summary>A viewer asked for their data to be erased (<c>!forgetme</c>).</summary>
public sealed record ForgetViewer(Platform Platform, string UserId, string DisplayName) : LiveUpdate;

/// <summary>
/// <c>!forgetme</c> from any viewer: LiveBuddy confirms in chat and erases their stored chat, votes and
/// name from reports (off the pipeline thread, after the storage writer has what came before).
/// </summary>
public sealed class ForgetMeCommand(CommandsOptions options) : IStreamFeature
{
    public void Handle(PipelineInput input, FeatureContext context)
    {
        if (input is not ChatMessage { Author.Id.Length: > 0 } chat) return;
        var text = chat.Text.AsSpan().Trim();
        if (!text.StartsWith(options.Prefix, StringComparison.Ordinal)
            || !text[options.Prefix.Length..].Equals("forgetme", StringComparison.OrdinalIgnoreCase)) return;
        context.Emit(new ForgetViewer(chat.Platform, chat.Author.Id, chat.Author.DisplayName));
        context.Emit(new ChatReply(chat.Platform, chat.Channel,
            $"@{chat.Author.DisplayName} your chat history with LiveBuddy is being erased.", chat.Id));
    }
}

/// <summary>Carries out <see cref="ForgetViewer"/> requests one at a time.</summary>
public sealed partial class ForgetMeWorker(IServiceProvider services, ILogger<ForgetMeWorker> logger) : BackgroundService, IPipelineSink
{
    private readonly Channel<ForgetViewer> _requests = Channel.CreateBounded<ForgetViewer>(1_000);

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        if (update is ForgetViewer forget && !_requests.Writer.TryWrite(forget)) LogQueueFull();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await services.GetRequiredService<ViewerErasure>().EraseAsync(request.Platform, request.UserId, request.DisplayName, stoppingToken);
                    LogErased(request.Platform.ToWire());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogEraseFailed(ex, request.Platform.ToWire());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a pending request is asked again by the viewer or done through the API.
        }
    }

    // The viewer's id is personal data: it is not logged.
    [LoggerMessage(Level = LogLevel.Information, Message = "Erased a {Platform} viewer's data on request (!forgetme)")]
    private partial void LogErased(string platform);

    [LoggerMessage(Level = LogLevel.Error, Message = "Erasing a {Platform} viewer's data failed")]
    private partial void LogEraseFailed(Exception ex, string platform);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many !forgetme requests at once; one was not queued")]
    private partial void LogQueueFull();
}
