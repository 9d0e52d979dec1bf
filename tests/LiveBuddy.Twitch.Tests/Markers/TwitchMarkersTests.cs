using LiveBuddy.Core.Events;
using LiveBuddy.Core.Markers;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.Markers;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Twitch.Tests.Markers;

/// <summary>Markers and clips against the fake Helix (Create Stream Marker, Create Clip) with Twitch's documented refusals.</summary>
public sealed class TwitchMarkersTests
{
    private static readonly string[] BothScopes = [TwitchMarkers.MarkerScope, TwitchMarkers.ClipScope];

    // An hour, two minutes and three seconds into the stream the fake reports.
    private static async Task<TwitchApiHarness> StartAsync(IEnumerable<string>? scopes = null, bool live = true)
    {
        var harness = await TwitchApiHarness.StartAsync(new FakeTimeProvider(FakeHelixServer.StreamStartedAt.AddSeconds(3723)), scopes: scopes ?? BothScopes);
        harness.Helix.Time = harness.Time;
        if (live) harness.Helix.SetLive("cool_user", "stream-1", 25);
        return harness;
    }

    private static StreamMark Wanted(MarkKind kind, string description = "A funny moment: 412 messages in 40 s, KEKW ×180") =>
        new(kind, Platform.Twitch, "cool_user", DateTimeOffset.UnixEpoch, "s1", "s1:1", DateTimeOffset.UnixEpoch, description, "moment");

    [Fact]
    public async Task A_marker_gets_Twitch_s_position_and_a_clip_its_link_and_edit_page()
    {
        await using var harness = await StartAsync();
        var markers = harness.Get<TwitchMarkers>();

        var marker = await markers.MakeAsync(Wanted(MarkKind.Marker), CancellationToken.None);
        var clip = await markers.MakeAsync(Wanted(MarkKind.Clip), CancellationToken.None);

        Assert.True(marker.Made, marker.Detail);
        Assert.Equal(3723, marker.PositionSeconds);
        Assert.NotNull(marker.Id);
        var sent = Assert.Single(harness.Helix.MarkerRequests);
        Assert.Equal("""{"user_id":"1337","description":"A funny moment: 412 messages in 40 s, KEKW ×180"}""", System.Text.Json.Nodes.JsonNode.Parse(sent.Body)!.ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.True(clip.Made, clip.Detail);
        Assert.Equal($"https://clips.twitch.tv/{clip.Id}", clip.Url);
        Assert.Equal($"https://clips.twitch.tv/{clip.Id}/edit", clip.EditUrl);
        var clipRequest = Assert.Single(harness.Helix.ClipRequests);
        Assert.Equal(("1337", "false"), (clipRequest["broadcaster_id"], clipRequest["has_delay"]));
        Assert.Equal("", clipRequest.Body);
        var status = harness.Board.Get(TwitchMarkers.StatusName)!;
        Assert.Equal(SourceState.Idle, status.State);
        Assert.StartsWith($"last clip https://clips.twitch.tv/{clip.Id}", status.Detail, StringComparison.Ordinal);
        Assert.Equal("1:02:03", TwitchMarkers.Position(3723));
        Assert.Equal("4:05", TwitchMarkers.Position(245));
    }

    [Fact]
    public async Task Not_live_no_VODs_and_clips_off_come_back_as_reasons_with_Twitch_s_words()
    {
        await using var harness = await StartAsync(live: false);
        var markers = harness.Get<TwitchMarkers>();

        var offline = await markers.MakeAsync(Wanted(MarkKind.Marker), CancellationToken.None);
        var offlineClip = await markers.MakeAsync(Wanted(MarkKind.Clip), CancellationToken.None);
        harness.Helix.SetLive("cool_user", "stream-1", 25);
        harness.Helix.VodsDisabled["cool_user"] = true;
        harness.Helix.ClipsDisabled["cool_user"] = true;
        var noVods = await markers.MakeAsync(Wanted(MarkKind.Marker), CancellationToken.None);
        var noClips = await markers.MakeAsync(Wanted(MarkKind.Clip), CancellationToken.None);

        Assert.Equal(("not-live", "cool_user is not live on Twitch (Twitch: The user in the user_id field is not streaming live.)"), (offline.Failure, offline.Detail));
        Assert.Equal(("not-live", "cool_user is not live on Twitch (Twitch: The broadcaster in the broadcaster_id query parameter must be broadcasting live.)"),
            (offlineClip.Failure, offlineClip.Detail));
        Assert.Equal("vods-off", noVods.Failure);
        Assert.Contains("Store past broadcasts", noVods.Detail, StringComparison.Ordinal);
        Assert.Contains("The user hasn't enabled video on demand (VOD).", noVods.Detail, StringComparison.Ordinal);
        Assert.Equal(("clips-off", "Twitch does not allow clips of cool_user (Twitch: The specified broadcaster has not enabled clips on their channel.)"),
            (noClips.Failure, noClips.Detail));
        Assert.All(new[] { offline, offlineClip, noVods, noClips }, m => Assert.Null(m.Id));
        var status = harness.Board.Get(TwitchMarkers.StatusName)!;
        Assert.Equal((SourceState.Idle, "clip refused: " + noClips.Detail), (status.State, status.Detail));
        Assert.Equal(1, harness.Counters.Get("twitch.markers.marker_vods_off").Value);
    }

    [Fact]
    public async Task A_missing_scope_is_said_plainly_whether_the_sign_in_or_Twitch_tells_it()
    {
        // The sign-in says it lacks the scopes: nothing is asked of Twitch.
        await using (var harness = await StartAsync(scopes: []))
        {
            var refused = await harness.Get<TwitchMarkers>().MakeAsync(Wanted(MarkKind.Marker), CancellationToken.None);
            Assert.Equal("no-scope", refused.Failure);
            Assert.Equal("the signed-in Twitch account has not allowed stream markers (channel:manage:broadcast): sign in again from the control page", refused.Detail);
            Assert.Empty(harness.Helix.MarkerRequests);
            Assert.Equal(SourceState.Disabled, harness.Board.Get(TwitchMarkers.StatusName)!.State);
        }

        // The sign-in was checked with the scopes but Twitch refuses the token now (the streamer took them back): 401.
        await using (var harness = await StartAsync())
        {
            harness.Helix.TokenOwner = () => (harness.Auth.UserId, ["chat:read"]);
            var marker = await harness.Get<TwitchMarkers>().MakeAsync(Wanted(MarkKind.Marker), CancellationToken.None);
            var clip = await harness.Get<TwitchMarkers>().MakeAsync(Wanted(MarkKind.Clip), CancellationToken.None);
            Assert.Equal(("no-scope", "no-scope"), (marker.Failure, clip.Failure));
            Assert.Contains("(clips:edit)", clip.Detail, StringComparison.Ordinal);
            // Twitch was asked (a 401 also makes the client refresh the token once and ask again).
            Assert.NotEmpty(harness.Helix.MarkerRequests);
            Assert.NotEmpty(harness.Helix.ClipRequests);
        }
    }
}
