namespace LiveBuddy.Server.Security;

/// <summary>Overlay URLs with the overlay key, as the start-up banner and the <c>keys</c> verb print them.</summary>
public static class OverlayLinks
{
    /// <summary>The widgets (one list: <see cref="Overlays.OverlayRegistration.Widgets"/>).</summary>
    public static IReadOnlyList<string> Widgets => Overlays.OverlayRegistration.Widgets;

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
