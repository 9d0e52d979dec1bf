using LiveBuddy.Server.Cli;
using LiveBuddy.Server.Hosting;

// A verb (report, score, replay, login, train, keys) runs and exits; no verb starts the server.
return await LiveBuddyCli.RunAsync(args, RunServerAsync);

static async Task<int> RunServerAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(args).AddLiveBuddy();
    var app = builder.Build();
    app.MapLiveBuddy();
    app.PrintWelcome();
    try
    {
        await app.RunAsync();
    }
    catch (StartupRefusedException)
    {
        return 1; // the reason is already in the log, as one clear line
    }
    return 0;
}

/// <summary>The entry point, named so integration tests can host it (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
