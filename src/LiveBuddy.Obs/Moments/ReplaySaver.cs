using System.Text.Json;
using LiveBuddy.Obs.Connection;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Obs.Moments;

/// <summary>What became of one attempt to save the replay buffer.</summary>
/// <param name="Path">The file OBS wrote (<c>savedReplayPath</c>); null when nothing was saved.</param>
/// <param name="Reason">Why nothing was saved, for the moderator and the log.</param>
public sealed record ReplayResult(string? Path, string? Reason)
{
    public bool Saved => Path is not null;
}

/// <summary>
/// Saves OBS's replay buffer (<c>SaveReplayBuffer</c>) and learns the file's path from the <c>ReplayBufferSaved</c>
/// event that follows. One save at a time; only when OBS is connected and its replay buffer is running.
/// </summary>
public sealed partial class ReplaySaver
{
    private readonly ObsConnection _obs;
    private readonly ObsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _one = new(1, 1);
    private TaskCompletionSource<string>? _waiting;

    public ReplaySaver(ObsConnection obs, ObsOptions options, TimeProvider time, ILogger<ReplaySaver> logger)
    {
        _obs = obs;
        _options = options;
        _time = time;
        _logger = logger;
        obs.OnEvent(OnEventAsync);
    }

    public async Task<ReplayResult> SaveAsync(string why, CancellationToken cancellationToken)
    {
        if (_obs.State != ObsState.Connected) return NotSaved(why, "OBS is not connected");
        if (!_obs.ReplayBufferActive) return NotSaved(why, "OBS's replay buffer is not running");
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var saved = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _waiting, saved);
            await _obs.RequestAsync("SaveReplayBuffer", null, cancellationToken).ConfigureAwait(false);
            var path = await saved.Task.WaitAsync(_options.RequestTimeout, _time, cancellationToken).ConfigureAwait(false);
            LogSaved(why, path);
            return new ReplayResult(path, null);
        }
        catch (Exception ex) when (ex is TimeoutException or ObsRequestFailedException)
        {
            return NotSaved(why, ex.Message);
        }
        finally
        {
            Volatile.Write(ref _waiting, null);
            _one.Release();
        }
    }

    private ValueTask OnEventAsync(ObsEvent e, CancellationToken cancellationToken)
    {
        if (e.Type == "ReplayBufferSaved" && e.Data.ValueKind == JsonValueKind.Object
            && e.Data.TryGetProperty("savedReplayPath", out var path) && path.GetString() is { Length: > 0 } file)
            Volatile.Read(ref _waiting)?.TrySetResult(file);
        return ValueTask.CompletedTask;
    }

    private ReplayResult NotSaved(string why, string reason)
    {
        LogNotSaved(why, reason);
        return new ReplayResult(null, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saved OBS's replay buffer for {Why}: {Path}")]
    private partial void LogSaved(string why, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Did not save OBS's replay buffer for {Why}: {Reason}")]
    private partial void LogNotSaved(string why, string reason);
}
