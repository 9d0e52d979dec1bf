using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Security;

namespace LiveBuddy.Server.Cli;

/// <summary>
/// <c>keys</c>: the admin key and the overlay URLs with the overlay key, from the same data folder and settings the
/// server uses. The start-up banner leaves them out when its output is not a terminal (a journal, <c>docker logs</c>).
/// </summary>
public static class KeysVerb
{
    public static async Task<int> RunAsync(WebApplication app, TextWriter output, CancellationToken cancellationToken)
    {
        var keys = app.Services.GetRequiredService<AccessKeys>();
        var origin = OverlayLinks.Friendly(FirstUrl(app.Configuration["urls"]) ?? WebRegistration.DefaultUrl);
        await output.WriteAsync(Text(origin, keys).AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    public static string Text(string origin, AccessKeys keys)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"Admin key:     {keys.AdminKey}");
        text.AppendLine($"  for the control page {origin}/ and the API (Authorization: Bearer <admin key>)");
        text.AppendLine($"Overlay key:   {keys.OverlayKey}");
        text.AppendLine("Overlays for OBS (add each as a Browser Source, 1920x1080):");
        foreach (var widget in OverlayLinks.Widgets)
            text.AppendLine($"  {widget,-7} {OverlayLinks.Url(origin, widget, keys.OverlayKey)}");
        return text.ToString();
    }

    private static string? FirstUrl(string? urls) =>
        urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
