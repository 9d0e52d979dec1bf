using Google.Apis.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.YouTube.Api;
using LiveBuddy.YouTube.Chat;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class LiveChatMapperTests
{
    private static LiveChatMessage Parse(System.Text.Json.Nodes.JsonObject item) =>
        NewtonsoftJsonSerializer.Instance.Deserialize<LiveChatMessage>(item.ToJsonString());

    [Theory]
    [InlineData("5000000", "5.00")]
    [InlineData("1990000", "1.99")]
    [InlineData("100000000", "100")]
    [InlineData("123456789012", "123456.789012")]
    [InlineData("1", "0.000001")]
    public void Amount_micros_strings_become_exact_decimal_amounts(string micros, string expected)
    {
        Assert.True(LiveChatMapper.TryParseMicros(micros, out var amount));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5000000")]
    [InlineData("5e6")]
    [InlineData("5,000,000")]
    [InlineData("99999999999999999999999")]
    public void Bad_amount_micros_are_refused(string? micros) =>
        Assert.False(LiveChatMapper.TryParseMicros(micros, out _));

    [Fact]
    public void Member_moderator_and_owner_flags_become_roles_and_badges()
    {
        var author = new Testing.YouTube.FakeYouTubeAuthor("UCx", "@someone", Owner: false, Moderator: true, Member: true, Verified: false);

        var message = (ChatMessage)LiveChatMapper.Map(Parse(Text("m", "chat", author, "hi", Start)), "chat", Start, out _)!;

        Assert.Equal(ViewerRoles.Moderator | ViewerRoles.Subscriber, message.Author.Roles);
        Assert.Equal(["moderator", "member"], message.Author.Badges.Select(b => b.Name));
        Assert.Equal(PermissionLevel.Moderator, message.Author.Roles.Level());
        Assert.Equal("@someone", message.Author.Name);
    }

    [Fact]
    public void A_temporary_ban_without_a_readable_duration_is_malformed_not_a_permanent_ban()
    {
        var item = Banned("b", "chat", Mod, Viewer, 60, Start);
        item["snippet"]!["userBannedDetails"]!["banDurationSeconds"] = "soon";

        var mapped = LiveChatMapper.Map(Parse(item), "chat", Start, out var skip);

        Assert.Null(mapped);
        Assert.Equal(SkipReason.Malformed, skip);
    }

    [Fact]
    public void A_message_without_an_id_or_time_is_malformed()
    {
        var noId = Text("x", "chat", Viewer, "hi", Start);
        noId.Remove("id");
        var noTime = Text("y", "chat", Viewer, "hi", Start);
        noTime["snippet"]!["publishedAt"] = "yesterday-ish";

        Assert.Null(LiveChatMapper.Map(Parse(noId), "chat", Start, out var skip1));
        Assert.Null(LiveChatMapper.Map(Parse(noTime), "chat", Start, out var skip2));
        Assert.Equal((SkipReason.Malformed, SkipReason.Malformed), (skip1, skip2));
    }
}
