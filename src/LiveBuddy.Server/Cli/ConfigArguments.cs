namespace LiveBuddy.Server.Cli;

/// <summary>
/// Settings on the command line (<c>--Section:Key value</c>, <c>--Section:Key=value</c>, <c>--urls URL</c>) work with every
/// verb, as configuration; they are taken out before the verb's own arguments are parsed.
/// </summary>
public static class ConfigArguments
{
    public static (string[] VerbArgs, string[] Settings) Split(IReadOnlyList<string> args)
    {
        var verbArgs = new List<string>();
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!IsSetting(args[i]))
            {
                verbArgs.Add(args[i]);
                continue;
            }
            settings.Add(args[i]);
            if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Count) settings.Add(args[++i]);
        }
        return (verbArgs.ToArray(), settings.ToArray());
    }

    /// <summary>The settings as configuration keys and values (for hosts built with their own arguments).</summary>
    public static Dictionary<string, string?> ToDictionary(string[] settings) =>
        new ConfigurationBuilder().AddCommandLine(settings).Build().AsEnumerable()
            .Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    private static bool IsSetting(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal)) return false;
        var name = arg.AsSpan(2);
        var equals = name.IndexOf('=');
        if (equals >= 0) name = name[..equals];
        return name.Contains(':') || name.Equals("urls", StringComparison.OrdinalIgnoreCase);
    }
}
