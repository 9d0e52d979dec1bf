using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.YouTube.Auth;
using LiveBuddy.YouTube.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class SignedInTests
{
    private const string ChatId = "own-chat";

    private static YouTubeChatWriter Writer(YouTubeHarness h) =>
        new(h.Connection, h.Budget, h.Counters, NullLogger<YouTubeChatWriter>.Instance);

    private static ModerationRequest Request(ModerationKind kind, TimeSpan? duration = null, string? messageId = null) => new()
    {
        Platform = Platform.YouTube,
        Channel = ChatId,
        Kind = kind,
        Target = new Author { Id = "UCtroll", Name = "Troll", DisplayName = "Troll" },
        Duration = duration,
        MessageId = messageId,
        Reason = "spam",
        RequestedBy = "Mod Person",
    };

    [Fact]
    public async Task Login_stores_the_token_encrypted_and_the_next_start_reads_as_the_creator()
    {
        await using var h = await YouTubeHarness.StartAsync(signIn: true);

        Assert.Equal(YouTubeMode.OAuth, h.Mode);
        Assert.True(h.Authorization.HasStoredToken);
        Assert.True(YouTubeServiceCollectionExtensions.WillRun(h.Options, h.Data));
        Assert.False(YouTubeServiceCollectionExtensions.WillRun(h.Options with { ClientSecret = null }, h.Data));
        Assert.False(YouTubeServiceCollectionExtensions.WillRun(h.Options, new Core.DataFolder(Path.Combine(h.Data.Path, "elsewhere"))));
        var files = Directory.GetFiles(Path.Combine(h.Data.Path, "youtube-tokens"));
        var stored = await File.ReadAllTextAsync(Assert.Single(files));
        Assert.DoesNotContain(h.Api.AccessToken, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Api.RefreshToken, stored, StringComparison.Ordinal);

        var again = new YouTubeAuthorization(Microsoft.Extensions.Options.Options.Create(h.Options), h.Tokens);
        var credential = await again.TryLoadAsync(CancellationToken.None);
        Assert.Equal(h.Api.AccessToken, credential!.Token.AccessToken);
        Assert.Equal(h.Api.RefreshToken, credential.Token.RefreshToken);
    }

    [Fact]
    public async Task The_login_verb_prints_the_sign_in_address_and_asks_for_offline_access()
    {
        await using var h = await YouTubeHarness.StartAsync(o => o with { ApiKey = null });
        var services = new ServiceCollection().AddSingleton(h.Authorization).BuildServiceProvider();
        var browser = new FakeBrowser(h.Api.AuthorizationCode);
        var output = new StringWriter();

        var exit = await YouTubeLogin.RunLoginAsync(services, output, browser, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.StartsWith(h.Api.AuthUrl, browser.Visited!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("access_type=offline", browser.Visited.Query, StringComparison.Ordinal);
        Assert.Contains("youtube.force-ssl", Uri.UnescapeDataString(browser.Visited.Query), StringComparison.Ordinal);
        Assert.Contains(browser.Visited.AbsoluteUri, output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Signed in to YouTube", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Api.AccessToken, output.ToString(), StringComparison.Ordinal);
        Assert.True(h.Authorization.HasStoredToken);
    }

    [Fact]
    public async Task The_login_verb_explains_what_to_configure_when_no_client_is_set()
    {
        await using var h = await YouTubeHarness.StartAsync(o => o with { ClientId = null });
        var services = new ServiceCollection().AddSingleton(h.Authorization).BuildServiceProvider();
        var output = new StringWriter();

        var exit = await YouTubeLogin.RunLoginAsync(services, output, new FakeBrowser("x"), CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("YouTube:ClientId", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_the_own_active_broadcast_is_found_and_read_with_the_bearer_token()
    {
        await using var h = await YouTubeHarness.StartAsync(o => o with { DailyQuota = 1_000_000 }, signIn: true);
        h.Api.SetActiveBroadcast("bc1", ChatId, "My stream");
        h.Api.SetVideo("bc1", ChatId, concurrentViewers: "42", title: "My stream");
        h.Api.Chat(ChatId).AddPage().AddPage(Text("m1", ChatId, Viewer, "hi creator", Start));

        await h.RunUntilAsync(() => h.Events.All.OfType<ChatMessage>().Any());

        Assert.Equal("hi creator", Assert.Single(h.Events.Of<ChatMessage>()).Text);
        Assert.Equal(42, Assert.Single(h.Events.Of<ViewerCountSample>()).Viewers);
        var broadcasts = Assert.Single(h.Api.Requests, r => r.Path.EndsWith("liveBroadcasts", StringComparison.Ordinal));
        Assert.Equal(("active", "all"), (broadcasts["broadcastStatus"], broadcasts["broadcastType"]));
        Assert.All(h.Api.Requests.Where(r => r.Path.StartsWith("/youtube", StringComparison.Ordinal)),
            r => Assert.Equal("Bearer " + h.Api.AccessToken, r.Authorization));
    }

    [Fact]
    public async Task Replies_deletions_timeouts_bans_and_unbans_reach_the_api_and_cost_fifty_units_each()
    {
        await using var h = await YouTubeHarness.StartAsync(signIn: true);
        var writer = Writer(h);

        await writer.SendAsync(new ChatReply(Platform.YouTube, ChatId, new string('x', 250)), CancellationToken.None);
        await writer.ExecuteAsync(Request(ModerationKind.Delete, messageId: "bad-message"), CancellationToken.None);
        await writer.ExecuteAsync(Request(ModerationKind.Timeout, TimeSpan.FromSeconds(300)), CancellationToken.None);
        await writer.ExecuteAsync(Request(ModerationKind.Ban), CancellationToken.None);
        await writer.ExecuteAsync(Request(ModerationKind.Unban), CancellationToken.None);

        var sent = Assert.Single(h.Api.InsertedMessages);
        Assert.Equal(ChatId, (string?)sent["snippet"]!["liveChatId"]);
        Assert.Equal("textMessageEvent", (string?)sent["snippet"]!["type"]);
        Assert.Equal(200, ((string?)sent["snippet"]!["textMessageDetails"]!["messageText"])!.Length);
        Assert.Equal(["bad-message"], h.Api.DeletedMessageIds);
        Assert.Equal(2, h.Api.Bans.Count);
        var timeout = h.Api.Bans[0]["snippet"]!;
        Assert.Equal(("temporary", "300", "UCtroll"), ((string?)timeout["type"], (string?)timeout["banDurationSeconds"], (string?)timeout["bannedUserDetails"]!["channelId"]));
        Assert.Equal("permanent", (string?)h.Api.Bans[1]["snippet"]!["type"]);
        Assert.Null(h.Api.Bans[1]["snippet"]!["banDurationSeconds"]);
        Assert.Equal(["ban-2"], h.Api.DeletedBanIds);
        Assert.Equal(250, h.Budget.Used);
    }

    [Fact]
    public async Task Writes_are_refused_when_the_quota_is_gone()
    {
        await using var h = await YouTubeHarness.StartAsync(o => o with { DailyQuota = 1_060, WriteReserve = 60 }, signIn: true);
        var writer = Writer(h);
        Assert.True(h.Budget.TryChargeRead(1_000));

        await writer.SendAsync(new ChatReply(Platform.YouTube, ChatId, "first"), CancellationToken.None);
        await writer.SendAsync(new ChatReply(Platform.YouTube, ChatId, "second"), CancellationToken.None);

        Assert.Single(h.Api.InsertedMessages);
        Assert.Equal(1, h.Counters.Value("youtube.writes_refused"));
    }

    [Fact]
    public async Task Api_key_mode_is_read_only()
    {
        await using var h = await YouTubeHarness.StartAsync();
        var writer = Writer(h);

        await writer.SendAsync(new ChatReply(Platform.YouTube, ChatId, "hello"), CancellationToken.None);
        await writer.ExecuteAsync(Request(ModerationKind.Ban), CancellationToken.None);

        Assert.Equal(YouTubeMode.ApiKey, h.Mode);
        Assert.Empty(h.Api.InsertedMessages);
        Assert.Empty(h.Api.Bans);
        Assert.Equal(2, h.Counters.Value("youtube.writes_refused"));
        Assert.Equal(0, h.Budget.Used);
    }

    [Fact]
    public async Task A_write_that_hits_quotaExceeded_stops_reading_too()
    {
        await using var h = await YouTubeHarness.StartAsync(signIn: true);
        h.Api.FailNext("liveChat/messages", 403, "quotaExceeded", "quota");

        await Writer(h).SendAsync(new ChatReply(Platform.YouTube, ChatId, "hello"), CancellationToken.None);

        Assert.True(h.Budget.Exceeded);
        Assert.Equal(1, h.Counters.Value("youtube.writes_failed"));
    }
}
