namespace LiveBuddy.Server.Security;

/// <summary>The overlay widgets and their URLs with the overlay key: one list for the banner, <c>keys</c> and the control page.</summary>
public static class OverlayLinks
{
    public static readonly IReadOnlyList<string> Widgets = ["chat", "alerts", "poll", "qa", "mood"];

    public static string Url(string origin, string widget, string overlayKey) =>
        $"{origin.TrimEnd('/')}/overlay/{widget}.html?key={Uri.EscapeDataString(overlayKey)}";

    /// <summary>
    /// The address a person types: <c>localhost</c> instead of a loopback or wildcard host (<c>http://+:5180</c>,
    /// <c>http://0.0.0.0:5180</c>), no trailing slash.
    /// </summary>
    public static string Friendly(string address)
    {
        var url = address.Trim().TrimEnd('/');
        foreach (var host in new[] { "://127.0.0.1", "://0.0.0.0", "://+", "://*", "://[::]" })
            url = url.Replace(host, "://localhost", StringComparison.Ordinal);
        return url;
    }
}
