using System.Text;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Discord.Reports;
using LiveBuddy.Discord.Sessions;
using LiveBuddy.Discord.Webhooks;
using LiveBuddy.Server.Reports;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Discord;

public static class DiscordRegistration
{
    /// <summary>
    /// Discord through a channel webhook (the <c>Discord</c> section): off until <c>Discord:WebhookUrl</c> is set. Posts
    /// "live now" when a session starts and the summary with the report when it ends.
    /// </summary>
    public static IServiceCollection AddDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>().BindConfiguration("Discord");
        if (configuration.GetSection("Discord").Get<DiscordOptions>() is not { IsConfigured: true }) return services;

        // The factory's own request logging would write the webhook URL (its token) into the log: it is removed.
        services.AddHttpClient(nameof(DiscordWebhook)).RemoveAllLoggers();
        services.AddSingleton(sp => new DiscordWebhook(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DiscordWebhook)),
            Options(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DiscordWebhook>>()));
        services.AddSingleton(sp =>
        {
            var links = Links(configuration);
            var reports = sp.GetRequiredService<SessionReports>();
            var writer = sp.GetRequiredService<StorageWriter>();
            return new DiscordAnnouncer(sp.GetRequiredService<DiscordWebhook>(), Options(sp),
                session => links.Where(l => session.Platforms.Count == 0 || session.Platforms.Any(p => p.ToWire() == l.Platform)).ToList(),
                (session, ct) => SummarizeAsync(session, writer, reports, Options(sp), ct),
                sp.GetRequiredService<ILogger<DiscordAnnouncer>>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<DiscordAnnouncer>());
        // First to start, last to stop: a session that ends because LiveBuddy stops still gets its summary post, after
        // the pipeline has ended it and storage has written it.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DiscordService>());
        return services;
    }

    /// <summary>Where to watch: each configured Twitch channel and YouTube video.</summary>
    private static List<StreamLink> Links(IConfiguration configuration)
    {
        var links = new List<StreamLink>();
        foreach (var channel in configuration.GetSection("Twitch:Channels").Get<string[]>() ?? [])
            links.Add(new StreamLink("twitch", "https://www.twitch.tv/" + Uri.EscapeDataString(channel.TrimStart('#').ToLowerInvariant())));
        foreach (var video in configuration.GetSection("YouTube:VideoIds").Get<string[]>() ?? [])
            links.Add(new StreamLink("youtube", "https://www.youtube.com/watch?v=" + Uri.EscapeDataString(video)));
        return links;
    }

    /// <summary>The ended session's report in numbers, with the HTML report to attach (after storage has written the session's last events).</summary>
    private static async Task<StreamSummary?> SummarizeAsync(SessionInfo session, StorageWriter writer, SessionReports reports, DiscordOptions options,
        CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var report = await Task.Run(() => reports.Build(session.Id, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (report is null) return null;
        return new StreamSummary
        {
            SessionId = report.Session.Id,
            Title = report.Session.Title,
            StartedAt = report.Session.StartedAt,
            EndedAt = report.Session.EndedAt ?? session.EndedAt,
            Messages = report.Totals.Messages,
            Chatters = report.Totals.Chatters,
            NewChatters = report.Totals.NewChatters,
            PeakMessagesPerMinute = report.Totals.PeakMessagesPerMinute,
            PeakViewers = report.Totals.PeakViewers,
            Money = report.Alerts.Money.Select(m => new SummaryMoney(m.Currency, m.Amount)).ToList(),
            Moments = report.Highlights.OrderByDescending(h => h.Score).Take(options.TopMoments).OrderBy(h => h.OffsetSeconds)
                .Select(h => new SummaryMoment(h.Reason, TimeSpan.FromSeconds(h.OffsetSeconds), h.VodUrl)).ToList(),
            ReportUrl = string.IsNullOrWhiteSpace(options.PublicUrl) ? null : options.PublicUrl.TrimEnd('/') + "/" + Uri.EscapeDataString(report.Session.Id) + ".html",
            ReportFile = new WebhookFile($"report-{report.Session.Id}.html", "text/html", Encoding.UTF8.GetBytes(ReportHtml.Render(report))),
        };
    }

    private static DiscordOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
}

/// <summary>Posts the queued Discord messages while the host runs, and the last ones (the summary) when it stops.</summary>
public sealed class DiscordService(DiscordAnnouncer announcer) : IHostedService
{
    private readonly CancellationTokenSource _abort = new();
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => announcer.RunAsync(_abort.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        announcer.Complete();
        try
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false); // the host's shutdown timeout: give up the rest
        }
    }
}
