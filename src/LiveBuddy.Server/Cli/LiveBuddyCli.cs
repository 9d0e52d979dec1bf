using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using LiveBuddy.Scoring;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Reports;
using LiveBuddy.Training;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.YouTube.Auth;

namespace LiveBuddy.Server.Cli;

/// <summary>
/// The command line of LiveBuddy.Server (System.CommandLine): the verbs <c>report</c>, <c>score</c>, <c>replay</c>,
/// <c>login</c>, <c>train</c> and <c>keys</c> run and exit; no verb starts the server with the arguments as given
/// (<c>--urls</c>, <c>--Section:Key value</c>). Every verb has <c>--help</c>; bad usage exits with 2.
/// </summary>
public static class LiveBuddyCli
{
    public const int UsageError = 2;

    /// <param name="args">The program's arguments.</param>
    /// <param name="runServer">Starts the server with the given arguments (no verb given).</param>
    /// <param name="output">Standard output (tests pass their own).</param>
    /// <param name="error">Standard error.</param>
    public static async Task<int> RunAsync(string[] args, Func<string[], Task<int>> runServer, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var (verbArgs, settings) = ConfigArguments.Split(args);
        var root = Build(settings, output, error);
        // No response files: a server argument starting with '@' stays what it is.
        var parse = root.Parse(verbArgs, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var invocation = new InvocationConfiguration { Output = output, Error = error };

        if (parse.Action is ParseErrorAction)
        {
            await parse.InvokeAsync(invocation).ConfigureAwait(false); // the errors, then the verb's help
            return UsageError;
        }
        if (parse.CommandResult.Command != root && parse.UnmatchedTokens.Count > 0)
        {
            // The root takes the server's own arguments, and with them System.CommandLine lets any command take extra
            // tokens: a verb takes only its own.
            var verb = parse.CommandResult.Command.Name;
            await error.WriteLineAsync($"Unrecognized argument '{parse.UnmatchedTokens[0]}' for '{verb}'. See: {root.HelpName} {verb} --help").ConfigureAwait(false);
            return UsageError;
        }
        if (parse.Action == root.Action)
        {
            // A first word that is no option and no setting (key=value) is a mistyped verb, not a server argument.
            if (verbArgs.Length > 0 && verbArgs[0] is var first && !first.StartsWith('-') && !first.StartsWith('/') && !first.Contains('=', StringComparison.Ordinal))
            {
                await error.WriteLineAsync($"Unknown verb '{first}'. Verbs: {string.Join(", ", root.Subcommands.Select(c => c.Name))}. " +
                    "Run with --help for usage, or with no verb to start LiveBuddy.").ConfigureAwait(false);
                return UsageError;
            }
            return await runServer(args).ConfigureAwait(false);
        }
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary>The verbs; each builds LiveBuddy's services (with <paramref name="settings"/>) only when it needs them.</summary>
    internal static RootCommand Build(string[] settings, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("""
            LiveBuddy: Twitch and YouTube chat, overlays, polls, Q&A, alerts and post-stream reports in one program.
            With no verb it starts the server (http://localhost:5180 unless --urls says otherwise).
            Any setting can follow, for the server and for every verb: --Section:Key value (e.g. --Storage:Path D:\stream-data).
            """)
        {
            TreatUnmatchedTokensAsErrors = false, // the server's own arguments: --urls, --Section:Key value, key=value
        };
        root.HelpName = "LiveBuddy.Server";
        root.SetAction(_ => 0); // marker only: Program starts the server outside System.CommandLine (its own Ctrl+C handling)

        var session = new Argument<string>("session") { Description = "a session id (e.g. 20261126-180000) or 'latest'" };
        var outFile = new Option<FileInfo?>("--out", "-o") { Description = "write to this file instead of standard output", HelpName = "FILE" };
        var format = new Option<string?>("--format", "-f") { Description = "html, json or csv (default: the --out file's extension, else html)" };
        format.AcceptOnlyFromAmong("html", "json", "csv");
        var report = new Command("report", "Write a session's report (HTML, JSON) or its chat log (CSV).") { session, outFile, format };
        report.SetAction(async (parse, ct) =>
        {
            await using var app = BuildServices(settings);
            return await ReportVerb.RunAsync(parse.GetRequiredValue(session), parse.GetValue(outFile)?.FullName, parse.GetValue(format),
                app.Configuration, output, error, ct).ConfigureAwait(false);
        });

        var score = new Command("score", "Score chat lines from standard input; writes one JSON object per line " +
            """({"text","sentiment","score","question","toxic"}).""");
        score.SetAction(async (_, ct) =>
        {
            await using var app = BuildServices(settings);
            return await ScoreVerb.RunAsync(Console.In, output, app.Services.GetRequiredService<ChatScorer>(), ct).ConfigureAwait(false);
        });

        var file = new Argument<FileInfo>("file") { Description = "raw Twitch IRC lines (plain or .gz, a [timestamp] prefix is fine) or LiveBuddy chat JSONL" };
        var speed = new Option<double>("--speed") { Description = "1 = the recorded pace, 10 = ten times faster, 0 = as fast as possible", DefaultValueFactory = _ => 1.0, HelpName = "N" };
        speed.CustomParser = r =>
        {
            if (double.TryParse(r.Tokens[^1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0) return n;
            r.AddError($"--speed must be a number, 0 (as fast as possible) or more; '{r.Tokens[^1].Value}' is not.");
            return 0;
        };
        var replay = new Command("replay", "Feed a recorded chat file through the live pipeline as one session, keeping its timestamps.") { file, speed };
        replay.SetAction((parse, ct) => ReplayVerb.RunAsync(parse.GetRequiredValue(file).FullName, parse.GetValue(speed), output, error, ct,
            ConfigArguments.ToDictionary(settings)));

        var platform = new Argument<string>("platform") { Description = "twitch or youtube" };
        platform.AcceptOnlyFromAmong("twitch", "youtube");
        var login = new Command("login", "Sign in once; the token is stored encrypted in the data folder.") { platform };
        login.SetAction(async (parse, ct) =>
        {
            await using var app = BuildServices(settings);
            return parse.GetRequiredValue(platform) == "twitch"
                ? await TwitchDeviceLogin.RunLoginAsync(app.Services, output, ct).ConfigureAwait(false)
                : await YouTubeLogin.RunLoginAsync(app.Services, output, ct).ConfigureAwait(false);
        });

        var train = new Command("train", "Rebuild the scoring models from the training data and print their cross-validated evaluation.");
        train.SetAction((_, ct) => ModelTrainer.RunAsync(output, ct));

        var keys = new Command("keys", "Show the admin key and the overlay URLs with the overlay key (they are not printed when output is redirected).");
        keys.SetAction(async (_, ct) =>
        {
            await using var app = BuildServices(settings);
            return await KeysVerb.RunAsync(app, output, ct).ConfigureAwait(false);
        });

        foreach (var verb in new[] { report, score, replay, login, train, keys }) root.Subcommands.Add(verb);
        return root;
    }

    /// <summary>The same services the server runs with, built but not started.</summary>
    internal static WebApplication BuildServices(string[] settings)
    {
        var builder = WebApplication.CreateBuilder(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder.AddLiveBuddy().Build();
    }
}
