using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Google.Apis.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.YouTube.Api;
using LiveBuddy.YouTube.Chat;

namespace LiveBuddy.Benchmarks;

/// <summary>
/// One full <c>liveChatMessages.list</c> page (maxResults 2000, the largest YouTube serves) read the way the reader
/// reads it: Google's JSON serializer, then our mapper. A busy chat gives one such page per poll.
/// </summary>
[MemoryDiagnoser]
public class YouTubeBenchmarks // not sealed: BenchmarkDotNet derives from benchmark classes
{
    private const int PageSize = 2000;
    private string _json = "";
    private LiveChatMessageListResponse _page = new();
    private readonly DateTimeOffset _received = new(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);

    [GlobalSetup]
    public void Setup()
    {
        _json = BuildPage(PageSize);
        _page = NewtonsoftJsonSerializer.Instance.Deserialize<LiveChatMessageListResponse>(_json);
    }

    [Benchmark]
    public int ParsePage() => NewtonsoftJsonSerializer.Instance.Deserialize<LiveChatMessageListResponse>(_json).Items!.Count;

    [Benchmark]
    public int MapPage()
    {
        var mapped = 0;
        foreach (var item in _page.Items!)
            if (LiveChatMapper.Map(item, "chat", _received, out _) is not null) mapped++;
        return mapped;
    }

    [Benchmark]
    public int ParseAndMapPage()
    {
        var page = NewtonsoftJsonSerializer.Instance.Deserialize<LiveChatMessageListResponse>(_json);
        var alerts = 0;
        foreach (var item in page.Items!)
            if (LiveChatMapper.Map(item, "chat", _received, out _) is Alert) alerts++;
        return alerts;
    }

    /// <summary>A page of mostly text, with a Super Chat every 50 messages and a new member every 200, as in a busy stream.</summary>
    internal static string BuildPage(int size)
    {
        var sb = new StringBuilder(size * 700);
        sb.Append("{\"kind\":\"youtube#liveChatMessageListResponse\",\"etag\":\"e\",\"nextPageToken\":\"next\",\"pollingIntervalMillis\":2000,\"items\":[");
        for (var i = 0; i < size; i++)
        {
            if (i > 0) sb.Append(',');
            var at = new DateTime(2026, 11, 26, 19, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 250).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            var (type, details) = (i % 200) switch
            {
                199 => ("newSponsorEvent", "\"newSponsorDetails\":{\"memberLevelName\":\"Gold\",\"isUpgrade\":false}"),
                _ when i % 50 == 49 => ("superChatEvent", "\"superChatDetails\":{\"amountMicros\":\"5000000\",\"currency\":\"USD\",\"amountDisplayString\":\"$5.00\",\"userComment\":\"love it\",\"tier\":2}"),
                _ => ("textMessageEvent", $"\"textMessageDetails\":{{\"messageText\":\"message number {i} :face-blue-smiling: pog\"}}"),
            };
            sb.Append(CultureInfo.InvariantCulture,
                $"{{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"e{i}\",\"id\":\"LCC.msg{i}\",\"snippet\":{{\"type\":\"{type}\",\"liveChatId\":\"chat\"," +
                $"\"authorChannelId\":\"UC{i % 300}\",\"publishedAt\":\"{at}\",\"hasDisplayContent\":true,\"displayMessage\":\"message number {i}\",{details}}}," +
                $"\"authorDetails\":{{\"channelId\":\"UC{i % 300}\",\"channelUrl\":\"http://www.youtube.com/channel/UC{i % 300}\",\"displayName\":\"Viewer {i % 300}\"," +
                $"\"profileImageUrl\":\"https://yt3.ggpht.com/x\",\"isVerified\":false,\"isChatOwner\":false,\"isChatSponsor\":{(i % 7 == 0 ? "true" : "false")},\"isChatModerator\":false}}}}");
        }
        sb.Append("]}");
        return sb.ToString();
    }
}
