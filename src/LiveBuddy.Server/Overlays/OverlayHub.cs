using LiveBuddy.Core.Events;
using LiveBuddy.Server.Security;
using Microsoft.AspNetCore.SignalR;

namespace LiveBuddy.Server.Overlays;

/// <summary>
/// <c>/hubs/overlay?key=…[&amp;platforms=twitch,youtube]</c>. Overlays only listen. A wrong key is refused
/// (the HTTP middleware refuses negotiation; this is the second lock). Every connect gets the <c>state</c> snapshot.
/// </summary>
public sealed class OverlayHub(AccessKeys keys, OverlayBroadcaster broadcaster, LiveBuddy.Core.Pipeline.Counters counters) : Hub<IOverlayClient>
{
    public const string Path = "/hubs/overlay";

    public static string GroupFor(Platform platform) => "platform:" + platform.ToWire();

    public override async Task OnConnectedAsync()
    {
        var query = Context.GetHttpContext()?.Request.Query;
        if (!keys.IsOverlayKey(query?["key"].ToString()))
        {
            Context.Abort();
            return;
        }
        var platforms = ParsePlatforms(query?["platforms"].ToString());
        foreach (var platform in platforms)
            await Groups.AddToGroupAsync(Context.ConnectionId, GroupFor(platform), Context.ConnectionAborted);
        await Clients.Caller.State(broadcaster.Snapshot(platforms), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        // A message over MaximumReceiveMessageSize (4 KB; overlays send nothing) ends the connection with this.
        if (exception is InvalidDataException) counters.Add("hub.rejected_oversized");
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary><c>twitch,youtube</c> → those; nothing or nothing valid → every platform.</summary>
    public static IReadOnlySet<Platform> ParsePlatforms(string? value)
    {
        var set = new HashSet<Platform>();
        if (!string.IsNullOrWhiteSpace(value))
        {
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (PlatformNames.TryParse(part, out var p)) set.Add(p);
        }
        if (set.Count == 0) set.UnionWith(Enum.GetValues<Platform>());
        return set;
    }
}
