using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Privacy;
using LiveBuddy.Server.Reports;
using LiveBuddy.Storage.Privacy;
using LiveBuddy.Storage.Writing;

namespace LiveBuddy.Server.Privacy;

/// <summary>
/// Erases one viewer on request (<c>!forgetme</c>, <c>DELETE /api/viewers/{platform}/{userId}</c>): waits for the
/// storage writer to write what it holds (so a message still queued is not stored after the erasure), erases, then
/// rewrites the stored report files of the sessions they were in.
/// </summary>
public sealed partial class ViewerErasure(DataRetention retention, ReportFiles files, StorageWriter writer, TimeProvider time,
    ILogger<ViewerErasure> logger, EventIngress? ingress = null) // no ingress: a host without the pipeline (reports only)
{
    public async Task<ErasureResult> EraseAsync(Platform platform, string userId, string? displayName, CancellationToken cancellationToken)
    {
        try
        {
            // Points, the raffle and the credits hold viewers in memory: they let go first, so nothing of theirs is written again.
            if (ingress is not null)
                await ingress.RequestAsync(new EraseViewer(platform, userId, displayName), cancellationToken)
                    .WaitAsync(TimeSpan.FromSeconds(10), time, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The pipeline or the writer is stuck (a failing disk) or not running: erase what is stored now rather than never.
            LogFlushTimedOut();
        }
        var result = await Task.Run(() => retention.Erase(platform.ToWire(), userId, cancellationToken), cancellationToken).ConfigureAwait(false);
        foreach (var session in result.Sessions.Where(files.Exists))
        {
            try
            {
                await files.WriteAsync(session, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                LogRewriteFailed(ex, session);
            }
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pipeline or storage did not answer within 10 s before an erasure; erasing what is stored")]
    private partial void LogFlushTimedOut();

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not rewrite the report of session {SessionId} after an erasure")]
    private partial void LogRewriteFailed(Exception ex, string sessionId);
}
