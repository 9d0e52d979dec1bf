using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Tips.SocketIo;
using LiveBuddy.Tips.StreamElements;
using LiveBuddy.Tips.Streamlabs;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Tips.Tips;

/// <summary>
/// The configured tip sockets (Streamlabs, StreamElements), each turning its tips into alerts for the pipeline.
/// Platform money the services pass on (cheers, Super Chats) goes out as the platform's alert (<c>tips.relayed</c>); other
/// platform events they pass on are counted (<c>tips.relayed_skipped</c>) and dropped.
/// </summary>
public sealed class TipSources
{
    private readonly List<TipSocket> _sockets = [];

    public TipSources(TipsOptions options, Func<Alert, CancellationToken, ValueTask> publish, SourceStatusBoard status, Counters counters,
        TimeProvider time, ILoggerFactory loggers)
    {
        var skipped = counters.Get("tips.relayed_skipped");
        var received = counters.Get("tips.received");
        var relayedMoney = counters.Get("tips.relayed");
        async ValueTask PublishAsync(Alert alert, CancellationToken token)
        {
            (alert.Platform == Platform.Tips ? received : relayedMoney).Increment();
            await publish(alert, token).ConfigureAwait(false);
        }
        if (options.Streamlabs is { IsConfigured: true } streamlabs)
        {
            _sockets.Add(new TipSocket(
                new TipSocketSettings(StreamlabsEvents.Service, streamlabs.Url, new Dictionary<string, string> { ["token"] = streamlabs.SocketToken! },
                    streamlabs.SocketToken!),
                async (payload, token) =>
                {
                    var tips = StreamlabsEvents.Read(payload, time.GetUtcNow(), out var relayed);
                    skipped.Add(relayed);
                    foreach (var tip in tips) await PublishAsync(tip, token).ConfigureAwait(false);
                },
                status, options.ReconnectDelay, options.ReconnectMaxDelay, time, loggers.CreateLogger<TipSocket>()));
        }
        if (options.StreamElements is { IsConfigured: true } se)
        {
            _sockets.Add(new TipSocket(
                new TipSocketSettings(StreamElementsEvents.Service, se.Url, new Dictionary<string, string>(), se.JwtToken!,
                    (client, token) => StreamElementsSignIn.SignInAsync(client, se.JwtToken!, token)),
                async (payload, token) =>
                {
                    if (StreamElementsEvents.Read(payload, time.GetUtcNow(), out var relayed) is { } tip)
                    {
                        await PublishAsync(tip, token).ConfigureAwait(false);
                    }
                    else if (relayed)
                    {
                        skipped.Increment();
                    }
                },
                status, options.ReconnectDelay, options.ReconnectMaxDelay, time, loggers.CreateLogger<TipSocket>()));
        }
        foreach (var socket in _sockets) status.Report(socket.StatusName, SourceState.Starting);
    }

    public IReadOnlyList<TipSocket> Sockets => _sockets;

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(_sockets.Select(s => s.RunAsync(cancellationToken)));
}
