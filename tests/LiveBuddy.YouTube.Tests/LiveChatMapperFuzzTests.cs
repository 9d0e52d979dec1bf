using System.Text.Json.Nodes;
using LiveBuddy.Core.Events;
using LiveBuddy.Testing.Fuzz;
using LiveBuddy.YouTube.Api;
using LiveBuddy.YouTube.Chat;
using Xunit.Abstractions;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

/// <summary>
/// Hostile liveChatMessages pages: one of every snippet type, mutated with a fixed seed (wrong types, numbers as
/// strings and back, missing and unknown fields, unknown snippet types, odd amounts and times, huge strings),
/// read with the Google client's own JSON serializer and mapped. The mapper never throws, and an item either
/// becomes an event or says why it was skipped.
/// </summary>
public sealed class LiveChatMapperFuzzTests(ITestOutputHelper output)
{
    private static readonly JsonObject[] Items =
    [
        Text("t1", "chat", Viewer, "hello <b>there</b> \u202Eevil\u202C", Start),
        SuperChat("sc1", "chat", Viewer, "5000000", "USD", "$5.00", "take my money", 2, Start),
        SuperSticker("ss1", "chat", Viewer, "2000000", "EUR", "€2.00", "a sticker", 1, Start),
        NewMember("nm1", "chat", Viewer, "Gold", isUpgrade: false, Start),
        Milestone("ms1", "chat", Viewer, 12, "Gold", "a year!", Start),
        Gifting("g1", "chat", Viewer, 5, "Gold", Start),
        GiftReceived("gr1", "chat", Viewer, "UCgifter", "g1", "Gold", Start),
        Deleted("d1", "chat", Mod, "t1", Start),
        Retracted("r1", "chat", Viewer, "t1", Start),
        Banned("b1", "chat", Mod, Viewer, 300, Start),
        Banned("b2", "chat", Mod, Viewer, null, Start),
        Poll("p1", "chat", Viewer, "Which game?", Start),
        ChatEnded("e1", "chat", Start),
        Tombstone("ts1", "chat", Start),
        Raw("u1", "chat", "someFutureEvent", Viewer, Start),
    ];

    [Fact]
    public void Mutated_pages_never_throw_from_the_mapper_and_every_item_is_an_event_or_a_skip_reason()
    {
        var mutator = new JsonMutator(new Random(1618));
        var outcomes = new Dictionary<SkipReason, int>();
        var pagesRefused = 0;

        FuzzRun.Cases(6_000, _ =>
        {
            var page = new JsonArray();
            for (var i = 0; i < 3; i++)
            {
                var item = Items[mutator.Random.Next(Items.Length)];
                page.Add(i == 0 ? mutator.Mutate(item) : item.DeepClone());
            }
            return new JsonObject { ["kind"] = "youtube#liveChatMessageListResponse", ["pollingIntervalMillis"] = 2000, ["items"] = page }.ToJsonString();
        }, json =>
        {
            LiveChatMessageListResponse page;
            try
            {
                // How the service reads pages: a value that does not convert costs only its field, an item of a shape
                // that cannot be read at all (an object where a string belongs) only that item.
                page = ChatPageReader.Read(json, YouTubeConnection.TolerantJson, YouTubeConnection.TolerantSettings);
            }
            catch (Newtonsoft.Json.JsonException)
            {
                // Would leave the poller asking for the same page again and again: must not happen to valid JSON.
                pagesRefused++;
                return;
            }
            Assert.NotNull(page);
            Assert.Equal(3, page.Items?.Count);
            foreach (var item in page.Items ?? [])
            {
                if (item is null) continue;
                var e = LiveChatMapper.Map(item, "chat", Start, out var skip);
                outcomes[skip] = outcomes.GetValueOrDefault(skip) + 1;
                Assert.Equal(e is null, skip != SkipReason.None);
                if (e is null) continue;
                Assert.Equal(Platform.YouTube, e.Platform);
                Assert.Equal(item.Id, e.Id);
                Assert.False(string.IsNullOrEmpty(e.Channel));
                switch (e)
                {
                    case ChatMessage chat:
                        Assert.Equal(chat.Text, string.Concat(chat.Fragments.Select(f => f.Text)));
                        break;
                    case Alert { Amount: { } amount }:
                        Assert.True(amount >= 0);
                        break;
                    case UserCleared { Duration: { } duration }:
                        Assert.True(duration > TimeSpan.Zero);
                        break;
                }
            }
        }, show: json => json);

        output.WriteLine(Describe(outcomes, pagesRefused));
        // The mutations reached every way out, so the checks above were exercised.
        Assert.True(outcomes.GetValueOrDefault(SkipReason.None) > 4_000, Describe(outcomes, pagesRefused));
        Assert.True(outcomes.GetValueOrDefault(SkipReason.Malformed) > 200, Describe(outcomes, pagesRefused));
        Assert.True(outcomes.GetValueOrDefault(SkipReason.UnknownType) > 200, Describe(outcomes, pagesRefused));
        Assert.Equal(0, pagesRefused);
    }

    [Fact]
    public void A_ban_longer_than_a_TimeSpan_holds_is_capped_instead_of_throwing()
    {
        var item = Banned("b", "chat", Mod, Viewer, 60, Start);
        item["snippet"]!["userBannedDetails"]!["banDurationSeconds"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var cleared = Assert.IsType<UserCleared>(LiveChatMapper.Map(
            YouTubeConnection.TolerantJson.Deserialize<LiveChatMessage>(item.ToJsonString()), "chat", Start, out var skip));

        Assert.Equal(SkipReason.None, skip);
        Assert.Equal(TimeSpan.FromSeconds(int.MaxValue), cleared.Duration);
    }

    private static string Describe(Dictionary<SkipReason, int> outcomes, int pagesRefused) =>
        string.Join(", ", outcomes.Select(kv => $"{kv.Key}: {kv.Value}")) + $", pages refused: {pagesRefused}";
}
