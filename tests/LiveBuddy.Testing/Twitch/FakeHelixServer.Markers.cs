using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LiveBuddy.Testing.Twitch;

// Create Stream Marker and Create Clip, written from Twitch's reference (dev.twitch.tv/docs/api/reference/#create-stream-marker,
// #create-clip): their request shapes, answers and every documented refusal LiveBuddy meets.
public sealed partial class FakeHelixServer
{
    /// <summary>When Get Streams says a live stream started; a marker's position counts from here on <see cref="Time"/>.</summary>
    public static readonly DateTimeOffset StreamStartedAt = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Logins whose channel keeps no VODs (Store past broadcasts off): Create Stream Marker answers 404.</summary>
    public ConcurrentDictionary<string, bool> VodsDisabled { get; } = new(StringComparer.Ordinal);

    /// <summary>Logins whose channel does not allow clips: Create Clip answers 403.</summary>
    public ConcurrentDictionary<string, bool> ClipsDisabled { get; } = new(StringComparer.Ordinal);

    /// <summary>The Create Stream Marker requests received, in order.</summary>
    public IReadOnlyList<FakeHelixRequest> MarkerRequests => _requests.Where(r => r.Method == "POST" && r.Path == "/helix/streams/markers").ToArray();

    /// <summary>The clip requests received, in order.</summary>
    public IReadOnlyList<FakeHelixRequest> ClipRequests => _requests.Where(r => r.Method == "POST" && r.Path == "/helix/clips").ToArray();

    private string? LoginOf(string? id) => _users.Values.FirstOrDefault(u => u.Id == id).Login;

    /// <summary>
    /// Create Stream Marker: body <c>{user_id, description?}</c>; 200 with <c>{id, created_at, position_seconds, description}</c>
    /// (the description empty when none was given); 400 without user_id or with a description over 140 characters; 404 when
    /// the user is unknown, not live, or keeps no VODs.
    /// </summary>
    private async Task CreateStreamMarkerAsync(HttpContext context, FakeHelixRequest request)
    {
        var body = request.Json as JsonObject;
        var userId = body?["user_id"]?.GetValue<string>();
        var description = body?["description"]?.GetValue<string>() ?? "";
        if (string.IsNullOrEmpty(userId)) { await Error(context, 400, "The user_id field is required.").ConfigureAwait(false); return; }
        if (description.Length > 140) { await Error(context, 400, "The length of the string in the description field is too long.").ConfigureAwait(false); return; }
        if (LoginOf(userId) is not { } login) { await Error(context, 404, "The ID in the user_id field is not valid.").ConfigureAwait(false); return; }
        if (!_live.ContainsKey(login)) { await Error(context, 404, "The user in the user_id field is not streaming live.").ConfigureAwait(false); return; }
        if (VodsDisabled.ContainsKey(login)) { await Error(context, 404, "The user hasn't enabled video on demand (VOD).").ConfigureAwait(false); return; }
        var now = Time.GetUtcNow();
        await Data(context, 200, new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["created_at"] = now.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["position_seconds"] = (int)Math.Max(0, (now - StreamStartedAt).TotalSeconds),
            ["description"] = description,
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// Create Clip: query <c>broadcaster_id</c> (and <c>has_delay</c>); 202 Accepted with <c>{id, edit_url}</c>; 400 without or
    /// with an unknown broadcaster_id; 403 when the channel does not allow clips; 404 when the broadcaster is not live.
    /// </summary>
    private async Task CreateClipAsync(HttpContext context, FakeHelixRequest request)
    {
        var broadcasterId = request["broadcaster_id"];
        if (string.IsNullOrEmpty(broadcasterId)) { await Error(context, 400, "The broadcaster_id query parameter is required.").ConfigureAwait(false); return; }
        if (LoginOf(broadcasterId) is not { } login) { await Error(context, 400, "The ID in the broadcaster_id query parameter was not found.").ConfigureAwait(false); return; }
        if (ClipsDisabled.ContainsKey(login)) { await Error(context, 403, "The specified broadcaster has not enabled clips on their channel.").ConfigureAwait(false); return; }
        if (!_live.ContainsKey(login)) { await Error(context, 404, "The broadcaster in the broadcaster_id query parameter must be broadcasting live.").ConfigureAwait(false); return; }
        var id = "FiveLetterHyphenatedWords" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
        await Data(context, 202, new JsonArray(new JsonObject { ["id"] = id, ["edit_url"] = $"https://clips.twitch.tv/{id}/edit" })).ConfigureAwait(false);
    }
}
