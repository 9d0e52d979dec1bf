namespace LiveBuddy.Discord.Sessions;

/// <summary>Discord's embed limits (title 256, field value 1,024, description 4,096 characters).</summary>
internal static class DiscordText
{
    public static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    public static string PlatformName(string platform) => platform switch
    {
        "twitch" => "Twitch",
        "youtube" => "YouTube",
        _ => platform,
    };
}
