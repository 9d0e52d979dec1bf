using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Shoutouts;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Twitch;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Shoutouts;

/// <summary>Body of <c>POST /api/shoutouts</c>: whom to shout out on which platform (and, optionally, in which channel).</summary>
public sealed record ShoutoutBody(string? Platform, string? User, string? Channel);

public static class ShoutoutsRegistration
{
    /// <summary><c>!so</c> (the <c>Shoutouts</c> section) and the sender that looks channels up and sends Twitch's native shoutout.</summary>
    public static IServiceCollection AddShoutouts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShoutoutsOptions>().BindConfiguration("Shoutouts");
        services.AddSingleton(sp => new ShoutoutCommand(sp.GetRequiredService<IOptions<ShoutoutsOptions>>().Value));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<ShoutoutCommand>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<ShoutoutCommand>());
        services.AddSingleton<ShoutoutSender>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<ShoutoutSender>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ShoutoutSender>());
        return services;
    }

    /// <summary>
    /// <c>POST /api/shoutouts {platform, user, channel?}</c>: the same shoutout as <c>!so</c>, answered with what was said in
    /// chat and whether Twitch's native shoutout went out (<c>native</c>: sent, cooldown, not-live, not-allowed, off, failed).
    /// </summary>
    public static IEndpointRouteBuilder MapShoutoutsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/shoutouts", async (ShoutoutBody body, EventIngress ingress, IOptions<TwitchOptions> twitch, CancellationToken ct) =>
        {
            if (!PlatformNames.TryParse(body.Platform ?? "twitch", out var platform))
                return ControlApi.Problem($"Unknown platform '{body.Platform}': use twitch or youtube.");
            // Twitch answers in the configured channel when no chat has been seen yet.
            var channel = body.Channel ?? (platform == Platform.Twitch ? twitch.Value.Channels.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)) : null);
            var result = await ControlApi.AskAsync(ingress, new RequestShoutout(platform, body.User ?? "", channel), ct);
            if (result is ControlError error) return ControlApi.Problem(error.Message);
            if (result is not ShoutoutRequested requested) return ControlApi.Problem("The shoutout was not started.");
            var outcome = await requested.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            return Results.Json(new { requested.Target, outcome.Reply, outcome.Native, outcome.Detail });
        });
        return api;
    }
}
