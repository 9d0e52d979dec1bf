using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Server.Commands;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Sessions;
using LiveBuddy.Storage.Polls;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Options;
using Quartz;

namespace LiveBuddy.Server.Polls;

/// <summary>Body of <c>POST /api/polls</c>.</summary>
public sealed record OpenPollRequest(string Question, IReadOnlyList<string> Options, int? DurationSeconds);

public static class PollsRegistration
{
    /// <summary>
    /// The poll engine (the <c>Polls</c> section), continuing the poll a restart left open, its storage, and the
    /// Quartz trigger that closes a poll at its deadline.
    /// </summary>
    public static IServiceCollection AddPolls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PollsOptions>().BindConfiguration("Polls");
        services.AddSingleton<IStorageExtension, PollRecords>();
        services.AddSingleton(sp => new PollEngine(sp.GetRequiredService<IOptions<PollsOptions>>().Value, sp.CommandPrefix(),
            ResumableSession.Load(sp, PollRecords.LoadOpenPoll)));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<PollEngine>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<PollEngine>());
        services.AddSingleton<IPipelineSink, PollDeadlineScheduler>();
        return services;
    }

    /// <summary>The deadline job, inside the program's one <c>services.AddQuartz(q => …)</c>.</summary>
    public static IQuartzBuilder AddPollJobs(this IQuartzBuilder quartz) =>
        quartz.AddJob<PollDeadlineJob>(j => j.WithIdentity(PollDeadlineJob.Key).StoreDurably());

    /// <summary><c>POST /api/polls</c>, <c>/api/polls/end</c>, <c>/api/polls/cancel</c>.</summary>
    public static IEndpointRouteBuilder MapPollsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/polls", (OpenPollRequest body, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new OpenPoll(body.Question ?? "", body.Options ?? [],
                body.DurationSeconds is > 0 ? TimeSpan.FromSeconds(body.DurationSeconds.Value) : null), ct));
        api.MapPost("/polls/end", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new EndPoll(), ct));
        api.MapPost("/polls/cancel", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new CancelPoll(), ct));
        return api;
    }
}
