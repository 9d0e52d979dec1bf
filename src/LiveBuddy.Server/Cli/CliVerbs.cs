namespace LiveBuddy.Server.Cli;

/// <summary>The verbs of <c>dotnet run --project src/LiveBuddy.Server -- VERB</c> (DESIGN.md).</summary>
public static class CliVerbs
{
    private static readonly string[] Verbs = ["report", "score", "replay", "login", "train"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine($"'{args[0]}' is not available in this build yet.");
        return Task.FromResult(2);
    }
}
