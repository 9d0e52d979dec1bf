using LiveBuddy.Scoring;
using LiveBuddy.Training;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Reports;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.YouTube.Auth;

namespace LiveBuddy.Server.Cli;

/// <summary>The verbs of <c>dotnet run --project src/LiveBuddy.Server -- VERB</c> (DESIGN.md).</summary>
public static class CliVerbs
{
    private static readonly string[] Verbs = ["report", "score", "replay", "login", "train"];

    public const string Usage = """
        Usage: dotnet run --project src/LiveBuddy.Server -- VERB
          report <sessionId|latest> [--out FILE] [--format html|json|csv]   write a session report
          score                                                             score chat lines from stdin as JSON lines
          replay <file> [--speed N]                                         feed a recorded chat file through the pipeline as a session
          login twitch|youtube                                              sign in (tokens stored encrypted in the data folder)
          train                                                             rebuild the scoring models and print their evaluation
        """;

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var verb = args[0];
        var rest = args[1..];
        switch (verb)
        {
            case "train":
                return await ModelTrainer.RunAsync(Console.Out, cancel.Token);
            case "replay":
                return await ReplayVerb.RunAsync(rest, Console.Out, Console.Error, cancel.Token);
        }

        // The other verbs use the program's configuration and services, without starting it.
        await using var app = BuildServices(rest.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal)).ToArray());
        switch (verb)
        {
            case "report":
                return await ReportVerb.RunAsync(args, app.Configuration, Console.Out, Console.Error, cancel.Token);
            case "score":
                return await ScoreVerb.RunAsync(Console.In, Console.Out, app.Services.GetRequiredService<ChatScorer>(), cancel.Token);
            case "login" when rest.Length > 0 && rest[0] == "twitch":
                return await TwitchDeviceLogin.RunLoginAsync(app.Services, Console.Out, cancel.Token);
            case "login" when rest.Length > 0 && rest[0] == "youtube":
                return await YouTubeLogin.RunLoginAsync(app.Services, Console.Out, cancel.Token);
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>The same services the server runs with, built but not started.</summary>
    internal static WebApplication BuildServices(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder.AddLiveBuddy().Build();
    }
}
