using System.Text.Json.Serialization;

namespace LiveBuddy.Core.Events;

/// <summary>
/// Where an event came from. Serialized as <c>twitch</c>, <c>youtube</c>, <c>demo</c>, or <c>tips</c> for money sent
/// through a tip service (Streamlabs, StreamElements, Ko-fi): not a chat platform, so tip alerts reach every overlay.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Platform>))]
public enum Platform
{
    [JsonStringEnumMemberName("twitch")] Twitch,
    [JsonStringEnumMemberName("youtube")] YouTube,
    [JsonStringEnumMemberName("demo")] Demo,
    [JsonStringEnumMemberName("tips")] Tips,
}

public static class PlatformNames
{
    /// <summary>The wire name used in payloads, URLs and the database.</summary>
    public static string ToWire(this Platform platform) => platform switch
    {
        Platform.Twitch => "twitch",
        Platform.YouTube => "youtube",
        Platform.Tips => "tips",
        _ => "demo",
    };

    public static bool TryParse(ReadOnlySpan<char> text, out Platform platform)
    {
        if (text.Equals("twitch", StringComparison.OrdinalIgnoreCase)) { platform = Platform.Twitch; return true; }
        if (text.Equals("youtube", StringComparison.OrdinalIgnoreCase)) { platform = Platform.YouTube; return true; }
        if (text.Equals("demo", StringComparison.OrdinalIgnoreCase)) { platform = Platform.Demo; return true; }
        if (text.Equals("tips", StringComparison.OrdinalIgnoreCase)) { platform = Platform.Tips; return true; }
        platform = default;
        return false;
    }
}
