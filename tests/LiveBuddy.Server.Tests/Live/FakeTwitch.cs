using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Twitch;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>
/// The real host signed in to Twitch, with EventSub, Helix and the auth server all local fakes: the way a streamer's
/// LiveBuddy runs, minus the internet. Chat goes over IRC to a fake chat server unless the token has the chat scopes.
/// </summary>
internal sealed class FakeTwitch : IAsyncDisposable
{
    public const string Channel = "cool_user";

    private FakeTwitch(FakeEventSubServer eventSub, FakeHelixServer helix, FakeTwitchAuthServer auth, FakeTwitchChatServer chat, TestHost host,
        Dictionary<string, string?> settings)
    {
        _settings = settings;
        EventSub = eventSub;
        Helix = helix;
        Auth = auth;
        Chat = chat;
        Host = host;
    }

    public FakeEventSubServer EventSub { get; }
    public FakeHelixServer Helix { get; }
    public FakeTwitchAuthServer Auth { get; }
    public FakeTwitchChatServer Chat { get; }
    public TestHost Host { get; private set; }

    private readonly Dictionary<string, string?> _settings;

    /// <summary>
    /// Starts the fakes and the host; returns once EventSub has its subscriptions. <paramref name="asStreamer"/> signs in as the
    /// channel's own account (cool_user, 1337) instead of the bot (livebuddy_bot, 900).
    /// </summary>
    public static async Task<(FakeTwitch Twitch, FakeEventSubSession Session)> StartAsync(IEnumerable<string>? scopes = null, IDictionary<string, string?>? extra = null,
        bool asStreamer = false)
    {
        var eventSub = await FakeEventSubServer.StartAsync();
        var helix = await FakeHelixServer.StartAsync();
        var auth = await FakeTwitchAuthServer.StartAsync();
        var chat = await FakeTwitchChatServer.StartAsync();
        auth.TokenIssued = token => helix.ValidTokens[token] = true;
        auth.Scopes.AddRange(scopes ?? []);
        helix.TokenOwner = () => (auth.UserId, [.. auth.Scopes]);
        if (asStreamer) (auth.UserId, auth.Login) = ("1337", Channel);
        helix.AddUser("1337", Channel);
        helix.AddUser("900", "livebuddy_bot");
        var (access, refresh) = auth.Issue();
        var settings = new Dictionary<string, string?>
        {
            ["Twitch:EventSubUrl"] = eventSub.Url.ToString(),
            ["Twitch:HelixUrl"] = helix.Url,
            ["Twitch:AuthUrl"] = auth.Url,
            ["Twitch:ChatUrl"] = chat.Url.ToString(),
            ["Twitch:Channels:0"] = Channel,
            ["Twitch:ClientId"] = "fake-client-id",
            ["Twitch:AccessToken"] = access,
            ["Twitch:RefreshToken"] = refresh,
            ["Moderation:Enabled"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var host = TestHost.Start(settings);
        var twitch = new FakeTwitch(eventSub, helix, auth, chat, host, settings);
        var session = await eventSub.WaitForSessionAsync(1, TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(() => helix.SubscriptionRequests.Count > 0
            && helix.SubscriptionRequests.Any(r => r.Json!["type"]!.GetValue<string>() == "stream.offline"), TimeSpan.FromSeconds(30), "EventSub subscriptions");
        return (twitch, session);
    }

    /// <summary>Stops the host and starts it again on the same data folder and fakes (a streamer restarting LiveBuddy); returns the new EventSub session.</summary>
    public async Task<FakeEventSubSession> RestartAsync()
    {
        var sessions = EventSub.Sessions.Count;
        Host = await Host.RestartAsync(_settings);
        return await EventSub.WaitForSessionAsync(sessions + 1, TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await EventSub.DisposeAsync();
        await Helix.DisposeAsync();
        await Auth.DisposeAsync();
        await Chat.DisposeAsync();
    }
}
