using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Obs.Connection;
using LiveBuddy.Obs.Moments;
using LiveBuddy.Obs.Rules;
using LiveBuddy.Obs.Sessions;
using LiveBuddy.Storage.Moments;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Obs;

public static class ObsRegistration
{
    /// <summary>
    /// OBS over obs-websocket (the <c>Obs</c> section): off until <c>Obs:Password</c> is set (or <c>Obs:Enabled</c> for
    /// an OBS without authentication). Saves the replay buffer on moments and <c>!replay</c>, runs <c>Obs:Rules</c>, and
    /// turns OBS's stream start/stop into session liveness.
    /// </summary>
    public static IServiceCollection AddObs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObsOptions>().BindConfiguration("Obs");
        services.AddSingleton<ReplayLog>();
        if (configuration.GetSection("Obs").Get<ObsOptions>() is not { IsConfigured: true }) return services;

        services.AddSingleton(sp => new ObsConnection(Options(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ObsConnection>>()));
        services.AddSingleton(sp => new ReplaySaver(sp.GetRequiredService<ObsConnection>(), Options(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReplaySaver>>()));
        services.AddSingleton(sp =>
        {
            var ingress = sp.GetRequiredService<EventIngress>();
            return new ObsLiveness(sp.GetRequiredService<ObsConnection>(), (change, ct) => ingress.PublishAsync(change, ct));
        });
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var senders = sp.GetServices<IChatSender>().ToList();
            var replays = sp.GetRequiredService<ReplayLog>();
            return new ObsAutomation(
                new RuleBook(Options(sp).Rules, time),
                new ObsActions(sp.GetRequiredService<ObsConnection>(), time, sp.GetRequiredService<ILogger<ObsActions>>()),
                sp.GetRequiredService<ReplaySaver>(),
                sp.GetRequiredService<IOptions<CommandsOptions>>().Value.Prefix,
                time,
                sp.GetRequiredService<ILogger<ObsAutomation>>(),
                async (reply, ct) =>
                {
                    if (senders.LastOrDefault(s => s.Platform == reply.Platform) is { } sender) await sender.SendAsync(reply, ct).ConfigureAwait(false);
                },
                (saved, _) =>
                {
                    replays.Append(saved);
                    return ValueTask.CompletedTask;
                });
        });
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<ObsAutomation>());
        services.AddHostedService<ObsService>();
        return services;
    }

    private static ObsOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<ObsOptions>>().Value;
}
