using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing;
using LiveBuddy.Testing.YouTube;
using Microsoft.AspNetCore.WebUtilities;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;

namespace LiveBuddy.Server.Tests.Reports;

/// <summary>
/// A poll mirrored as a native YouTube poll, end to end through the real host: signed in on the control page, chat read
/// over streamList from the fake, votes both in chat and in YouTube's poll, closed from the control API; the session's
/// report.json shows the merged result (per option the larger of YouTube's chat votes and its poll tally, never the sum).
/// </summary>
public sealed class YouTubePollReportTests : IAsyncLifetime
{
    private static readonly FakeYouTubeAuthor Ann = new("UCann", "Ann");
    private static readonly FakeYouTubeAuthor Ben = new("UCben", "Ben");
    private FakeYouTubeApi _google = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _google = await FakeYouTubeApi.StartAsync();
        _google.SetActiveBroadcast("b1", "c1");
        _google.SetVideo("b1", "c1", concurrentViewers: "40", likeCount: "7");
        _google.Chat("c1").AddPage();
        _host = TestHost.Start(new Dictionary<string, string?>
        {
            ["YouTube:ClientId"] = "client-id.apps.googleusercontent.com",
            ["YouTube:ClientSecret"] = "client-secret",
            ["YouTube:AuthUrl"] = _google.AuthUrl,
            ["YouTube:TokenUrl"] = _google.TokenUrl,
            ["YouTube:ApiUrl"] = _google.ApiUrl,
            ["YouTube:StreamUrl"] = _google.Streams.Url,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _google.DisposeAsync();
    }

    [Fact]
    public async Task The_report_shows_a_mirrored_polls_result_with_YouTubes_tallies_merged_without_counting_a_viewer_twice()
    {
        using var admin = _host.CreateClient(admin: true);
        await SignInAsync(admin);
        await Eventually.TrueAsync(() => _google.Streams.Requests.Count >= 1, 20);
        var chat = _google.Chat("c1");

        using (var opened = await admin.PostAsJsonAsync("/api/polls", new { question = "Which boss next?", options = new[] { "Dragon", "Golem" }, durationSeconds = 600 }))
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        await Eventually.TrueAsync(() => chat.ActivePoll is not null, 20);
        // Ann votes Dragon in chat and in YouTube's poll; Ben votes Golem in chat; two more vote Dragon in YouTube's poll only.
        chat.AddPage(Text("v1", "c1", Ann, "1", DateTimeOffset.UtcNow), Text("v2", "c1", Ben, "2", DateTimeOffset.UtcNow));
        await ReportAsync(admin, r => Poll(r) is { } p && p.GetProperty("totalVotes").GetInt32() == 2);
        chat.SetPollTallies(3, 0);
        await ReportAsync(admin, r => Poll(r) is { } p && p.GetProperty("totalVotes").GetInt32() == 4);

        using (var ended = await admin.PostAsync("/api/polls/end", null))
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        await Eventually.TrueAsync(() => _google.ClosedPolls.Count == 1, 20);
        var report = await ReportAsync(admin, r => Poll(r) is { } p && p.GetProperty("status").GetString() == "closed");

        var poll = Poll(report)!.Value;
        Assert.Equal("Which boss next?", poll.GetProperty("question").GetString());
        Assert.Equal([("Dragon", 3), ("Golem", 1)],
            poll.GetProperty("options").EnumerateArray().Select(o => (o.GetProperty("text").GetString()!, o.GetProperty("votes").GetInt32())));
        Assert.Equal(4, poll.GetProperty("totalVotes").GetInt32());
        Assert.Equal("Dragon", poll.GetProperty("winner").GetString());
        Assert.Equal(4, report.RootElement.GetProperty("totals").GetProperty("pollVotes").GetInt32());
    }

    private static JsonElement? Poll(JsonDocument report) =>
        report.RootElement.GetProperty("polls") is { ValueKind: JsonValueKind.Array } polls && polls.GetArrayLength() > 0 ? polls[0] : null;

    /// <summary>The latest session's report once <paramref name="ready"/> holds (the storage writer stores in batches).</summary>
    private static async Task<JsonDocument> ReportAsync(HttpClient admin, Func<JsonDocument, bool> ready)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await admin.GetAsync("/api/sessions/latest/report.json");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (ready(report)) return report;
                report.Dispose();
            }
            if (DateTime.UtcNow > until) throw new TimeoutException("the report never showed the expected poll");
            await Task.Delay(50);
        }
    }

    /// <summary>The control page's sign-in, with the test playing Google's redirect back to the callback.</summary>
    private async Task SignInAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync("/api/login/youtube", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var link = new Uri(body.RootElement.GetProperty("authorizationUrl").GetString()!);
        var query = QueryHelpers.ParseQuery(link.Query);
        var back = QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), "code", _google.AuthorizationCode);
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(QueryHelpers.AddQueryString(back, "state", query["state"].ToString()));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
