using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Quotes;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Storage.Quotes;
using LiveBuddy.Storage.Writing;

namespace LiveBuddy.Server.Quotes;

public static class QuotesRegistration
{
    /// <summary>The quote book (<c>!quote</c>), read from storage.</summary>
    public static IServiceCollection AddQuotes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IStorageExtension, QuoteRecords>();
        services.AddSingleton(sp => StoredState.Load(sp, db =>
        {
            var (quotes, lastNumber) = QuoteRecords.LoadQuotes(db);
            return new QuoteBook(quotes, lastNumber);
        }));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<QuoteBook>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<QuoteBook>());
        return services;
    }

    /// <summary>
    /// <c>GET /api/quotes</c>, <c>POST /api/quotes</c> (<c>{text}</c>), <c>DELETE /api/quotes/{n}</c>, and
    /// <c>POST /api/quotes/category</c> (<c>{category}</c>: what new quotes are stamped with).
    /// </summary>
    public static IEndpointRouteBuilder MapQuotesEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/quotes", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new ListQuotes(), ct));
        api.MapPost("/quotes", (AddQuoteRequest body, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new AddQuote(body.Text ?? "", "control"), ct));
        api.MapDelete("/quotes/{number:int}", (int number, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new DeleteQuote(number), ct));
        api.MapPost("/quotes/category", (CategoryRequest body, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new CategoryChanged(body.Category), ct));
        return api;
    }

    private sealed record AddQuoteRequest(string? Text);

    private sealed record CategoryRequest(string? Category);
}
