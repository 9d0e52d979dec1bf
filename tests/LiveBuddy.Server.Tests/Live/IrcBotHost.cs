using LiveBuddy.Testing.Twitch;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>
/// The host as a headless bot account on a local fake Twitch IRC server, for tests that drive it with raw chat lines:
/// replies go out as PRIVMSG, and token checks have nowhere to go and fall back.
/// </summary>
internal static class IrcBotHost
{
    public static Dictionary<string, string?> Settings(FakeTwitchChatServer twitch, string channel) => new()
    {
        ["Twitch:ChatUrl"] = twitch.Url.ToString(),
        ["Twitch:Channels:0"] = channel,
        ["Twitch:BotLogin"] = "livebuddybot",
        ["Twitch:AccessToken"] = "test-token",
        ["Twitch:AuthUrl"] = "http://127.0.0.1:9/oauth2",
        ["Twitch:HelixUrl"] = "http://127.0.0.1:9/helix",
        ["Moderation:Enabled"] = "false",
    };

    /// <summary>The host's next connection to the fake server, once it has joined <paramref name="channel"/>.</summary>
    public static async Task<FakeTwitchChatClient> JoinedClientAsync(FakeTwitchChatServer twitch, string channel)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var client = await twitch.NextClientAsync(timeout.Token);
        await client.WaitForJoinAsync(channel, timeout.Token);
        return client;
    }
}
