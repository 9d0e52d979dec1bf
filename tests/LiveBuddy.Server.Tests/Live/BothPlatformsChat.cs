using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Testing.YouTube;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>
/// Fake Twitch IRC and YouTube Data API servers on 127.0.0.1 and the real host reading both, for the community features
/// (points, raffles, quotes, counters) driven by raw chat lines. Hosts can be restarted on the same data folder.
/// </summary>
internal sealed class BothPlatformsChat : IAsyncDisposable
{
    public const string Channel = "streamchan";
    public const string LiveChatId = "chat-1";
    private long _sequence;

    private BothPlatformsChat(FakeTwitchChatServer twitch, FakeYouTubeApi youtube, string dataPath)
    {
        Twitch = twitch;
        YouTube = youtube;
        DataPath = dataPath;
    }

    public FakeTwitchChatServer Twitch { get; }
    public FakeYouTubeApi YouTube { get; }
    public string DataPath { get; }
    public TestHost Host { get; private set; } = null!;
    public FakeTwitchChatClient Client { get; private set; } = null!;
    public FakeLiveChat YouTubeChat => YouTube.Chat(LiveChatId);

    public static async Task<BothPlatformsChat> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var youtube = await FakeYouTubeApi.StartAsync();
        youtube.RequiredApiKey = "k";
        youtube.SetVideo("v1", LiveChatId);
        var chat = youtube.Chat(LiveChatId);
        chat.PollingIntervalMillis = 100;
        // The first page is history the reader skips; a restarted reader skips it again and reads the rest once more.
        chat.AddPage(YouTubeChatItems.Text("history", LiveChatId, new FakeYouTubeAuthor("UC-old", "Old"), "before we started", DateTimeOffset.UnixEpoch));
        var both = new BothPlatformsChat(await FakeTwitchChatServer.StartAsync(), youtube,
            Path.Combine(Path.GetTempPath(), "livebuddy-community-" + Guid.NewGuid().ToString("N")));
        await both.StartHostAsync(settings);
        // The YouTube reader takes what was published before it first asked for a chat for history and skips it, so
        // the scripted send times start at the next whole minute after that first request (the host's clock is real).
        await Wait.UntilAsync(() => youtube.CountRequests("/youtube/v3/liveChat/messages") >= 1, TimeSpan.FromSeconds(20),
            "the YouTube reader asks for the chat");
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        both.Start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        return both;
    }

    public async Task StartHostAsync(Dictionary<string, string?>? settings = null)
    {
        var all = IrcBotHost.Settings(Twitch, Channel);
        all["YouTube:ApiUrl"] = YouTube.ApiUrl;
        all["YouTube:ApiKey"] = "k";
        all["YouTube:VideoIds:0"] = "v1";
        // liveChatMessages.list pages: a restarted reader reads again every page after the history page, the
        // harder case for paying a minute twice. (Left at the default, streamList, the reader would dial Google.)
        all["YouTube:Reader"] = "poll";
        all["YouTube:DailyQuota"] = "100000000";
        foreach (var (key, value) in settings ?? []) all[key] = value;
        Host = TestHost.Start(all, DataPath);
        Client = await IrcBotHost.JoinedClientAsync(Twitch, Channel);
    }

    /// <summary>
    /// Where a test's scripted send times start: the first whole minute after the YouTube reader joined the chat (a
    /// line published before that is history to it). Scripted minutes are the platforms' send times, so a test replays
    /// a long stream in seconds.
    /// </summary>
    public DateTimeOffset Start { get; private set; }

    /// <summary>A Twitch PRIVMSG as Twitch sends it, with the platform's send time.</summary>
    public string TwitchLine(string login, int userId, string text, DateTimeOffset sentAt, string badges = "", string? id = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var mod = badges.Contains("moderator", StringComparison.Ordinal) ? 1 : 0;
        var sub = badges.Contains("subscriber", StringComparison.Ordinal) ? 1 : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"@badge-info=;badges={badges};color=#8A2BE2;display-name={login};emotes=;first-msg=0;id={id ?? "raw-" + n};mod={mod};room-id=777;") +
               string.Create(CultureInfo.InvariantCulture, $"subscriber={sub};tmi-sent-ts={sentAt.ToUnixTimeMilliseconds()};turbo=0;user-id={userId};user-type= ") +
               $":{login}!{login}@{login}.tmi.twitch.tv PRIVMSG #{Channel} :{text}";
    }

    public async Task SendTwitchAsync(IEnumerable<string> lines)
    {
        foreach (var chunk in lines.Chunk(200)) await Client.SendAsync(string.Join("\r\n", chunk));
    }

    public static JsonObject YouTubeLine(string id, FakeYouTubeAuthor author, string text, DateTimeOffset at) =>
        YouTubeChatItems.Text(id, LiveChatId, author, text, at);

    /// <summary>Asks the running host, through the admin API (and so in order with chat), for the top balances.</summary>
    public async Task<Dictionary<string, long>> TopAsync()
    {
        using var http = Host.CreateClient(admin: true);
        var top = await http.GetFromJsonAsync<JsonElement>("/api/points/top?count=1000");
        return top.EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("balance").GetInt64());
    }

    public async Task<string> WaitForReplyAsync(string contains)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await Client.WaitForLineAsync(l => l.Contains($"PRIVMSG #{Channel}", StringComparison.Ordinal) && l.Contains(contains, StringComparison.Ordinal), timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Twitch.DisposeAsync();
        await YouTube.DisposeAsync();
        try { Directory.Delete(DataPath, recursive: true); }
        catch (IOException) { /* SQLite may still hold the file for a moment; the OS cleans its temp folder. */ }
    }
}
