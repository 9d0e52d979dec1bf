using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Qa;
using LiveBuddy.Server.Commands;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Sessions;
using LiveBuddy.Storage.Qa;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Qa;

public static class QaRegistration
{
    /// <summary>The Q&amp;A queue (the <c>Qa</c> section), continuing the queue of a session a restart continues, and its storage.</summary>
    public static IServiceCollection AddQa(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QaOptions>().BindConfiguration("Qa");
        services.AddSingleton<IStorageExtension, QaRecords>();
        services.AddSingleton(sp => new QaQueue(sp.GetRequiredService<IOptions<QaOptions>>().Value,
            ResumableSession.Load(sp, (db, sessionId, _) => QaRecords.LoadQuestions(db, sessionId)), sp.CommandPrefix()));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<QaQueue>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<QaQueue>());
        return services;
    }

    /// <summary><c>POST /api/qa/{id}/{approve|dismiss|answering|answered}</c> and <c>POST /api/qa/next</c>.</summary>
    public static IEndpointRouteBuilder MapQaEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/qa/{id:int}/{action}", (int id, string action, EventIngress ingress, CancellationToken ct) =>
        {
            ControlRequest? request = action switch
            {
                "approve" => new ApproveQuestion(id),
                "dismiss" => new DismissQuestion(id),
                "answering" => new AnswerQuestion(id),
                "answered" => new MarkAnswered(id),
                _ => null,
            };
            return request is null
                ? Task.FromResult(ControlApi.Problem($"Unknown action '{action}': use approve, dismiss, answering or answered."))
                : ControlApi.SendAsync(ingress, request, ct);
        });
        api.MapPost("/qa/next", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new NextQuestion(), ct));
        return api;
    }
}
