using LiveBuddy.Server.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// What LiveBuddy prints once it listens: the control page, the overlay URLs and where health is. The keys are in it
/// only when standard output is a terminal; redirected output (a service journal, <c>docker logs</c>, a file) gets
/// the way to see them instead: the <c>keys</c> verb.
/// </summary>
public static class WelcomeBanner
{
    /// <summary>Prints the banner to the console (never the log) once the server listens.</summary>
    public static void PrintWelcome(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var keys = app.Services.GetRequiredService<AccessKeys>();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? WebRegistration.DefaultUrl;
            Console.Out.Write(Text(address, keys, showKeys: !Console.IsOutputRedirected));
            Console.Out.Flush();
        });
    }

    public static string Text(string address, AccessKeys keys, bool showKeys)
    {
        var origin = OverlayLinks.Friendly(address);
        var text = new System.Text.StringBuilder();
        text.AppendLine();
        text.AppendLine("LiveBuddy is running.");
        if (showKeys)
        {
            text.AppendLine($"  Control page:  {origin}/   (admin key: {keys.AdminKey})");
            text.AppendLine("  Overlays for OBS (add each as a Browser Source, 1920x1080):");
            foreach (var widget in OverlayLinks.Widgets)
                text.AppendLine($"    {widget,-7} {OverlayLinks.Url(origin, widget, keys.OverlayKey)}");
        }
        else
        {
            text.AppendLine($"  Control page:  {origin}/");
            text.AppendLine($"  Keys and overlay URLs are shown only in a terminal. See them with: {KeysCommand()}");
        }
        text.AppendLine($"  Health:        {origin}/healthz");
        return text.ToString();
    }

    /// <summary>How this program is started with the <c>keys</c> verb: the single-file build, <c>dotnet LiveBuddy.Server.dll</c> or the source.</summary>
    public static string KeysCommand()
    {
        var process = Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "dotnet");
        var fromSource = "dotnet run --project src/LiveBuddy.Server -- keys";
        if (process.Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return $"dotnet LiveBuddy.Server.dll keys   (from the source: {fromSource})";
        return $"{Path.GetFileName(Environment.ProcessPath)} keys   (from the source: {fromSource})";
    }
}
