using System.Net;
using System.Text.Json;
using LiveBuddy.Core.Events;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Reports;

public sealed class ReportEndpointTests
{
    private const string Script = "<script>alert('pwned')</script>";
    private const string Bidi = "evil\u202Egnp.exe";
    private const string ZeroWidth = "ad\u200Bmin";
    private static readonly DateTimeOffset T0 = ReportHost.Start;

    /// <summary>20 minutes of chat (alice every minute, bob every other), a burst at minute 12 and hostile text.</summary>
    private static async Task<ReportHost> HostWithStreamAsync()
    {
        var host = await ReportHost.StartAsync(new() { ["Reports:TwitchVodUrl"] = "https://www.twitch.tv/videos/777" });
        var session = host.Session("20261121-190000", T0, 20);
        var events = new List<StreamEvent>();
        for (var m = 0; m < 20; m++)
        {
            events.Add(host.Chat(T0.AddMinutes(m).AddSeconds(10), "Alice", "hello chat", 0.6f));
            if (m % 2 == 0) events.Add(host.Chat(T0.AddMinutes(m).AddSeconds(40), "Bob", "what game is this?"));
        }
        for (var i = 0; i < 40; i++) events.Add(host.Chat(T0.AddMinutes(12).AddSeconds(i), "Fan" + (i % 10), "CLUTCH", 0.9f));
        events.Add(host.Chat(T0.AddMinutes(5), Script, Script, -0.8f));
        events.Add(host.Chat(T0.AddMinutes(5).AddSeconds(1), Bidi, "look " + ZeroWidth + " " + Bidi, -0.5f));
        events.Add(host.Chat(T0.AddMinutes(6), "Formula", "=HYPERLINK(\"http://x\",\"click\")"));
        events.Add(host.Chat(T0.AddMinutes(6).AddSeconds(2), "Quoter", "she said \"hi\", then\nleft"));
        events.Add(new UserCleared
        {
            Platform = Platform.Twitch, Id = "to1", Channel = "streamer", SentAt = T0.AddMinutes(7), ReceivedAt = T0.AddMinutes(7),
            Target = new Author { Id = "id-x", Name = "x", DisplayName = "x" }, Duration = TimeSpan.FromSeconds(600),
        });
        events.Add(new Alert
        {
            Platform = Platform.Twitch, Id = "sub1", Channel = "streamer", SentAt = T0.AddMinutes(8), ReceivedAt = T0.AddMinutes(8),
            Kind = AlertKind.Subscription, Author = new Author { Id = "id-Alice", Name = "alice", DisplayName = "Alice" },
        });
        await host.WriteAsync(session, events);
        return host;
    }

    private const int Messages = 20 + 10 + 40 + 4;

    [Fact]
    public async Task The_html_report_has_the_charts_and_never_runs_hostile_chat()
    {
        await using var host = await HostWithStreamAsync();

        var response = await host.Client.GetAsync("/api/sessions/latest/report");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(CountOf(html, "<svg") >= 3, "messages, engagement and sentiment charts");
        Assert.Contains("Messages per minute", html, StringComparison.Ordinal);
        Assert.Contains("class=\"chart engagement\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"chart sentiment\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', html);
        Assert.DoesNotContain('\u200B', html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.twitch.tv/videos/777?t=0h11m50s\"", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_report_uses_the_contract_field_names()
    {
        await using var host = await HostWithStreamAsync();

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/api/sessions/20261121-190000/report.json"));
        var root = doc.RootElement;

        Assert.Equal("20261121-190000", root.GetProperty("session").GetProperty("id").GetString());
        Assert.Equal("twitch", root.GetProperty("session").GetProperty("platforms")[0].GetString());
        var totals = root.GetProperty("totals");
        Assert.Equal(Messages, totals.GetProperty("messages").GetInt32());
        Assert.Equal(2 + 10 + 4, totals.GetProperty("chatters").GetInt32());
        foreach (var name in new[] { "newChatters", "returningChatters", "peakMessagesPerMinute", "questions", "pollVotes" })
            Assert.True(totals.TryGetProperty(name, out _), name);
        Assert.Equal(20, root.GetProperty("timeline").GetArrayLength());
        var minute = root.GetProperty("timeline")[12];
        foreach (var name in new[] { "minute", "messages", "chatters", "sentiment", "engagement", "viewers", "participation" })
            Assert.True(minute.TryGetProperty(name, out _), name);
        var highlight = root.GetProperty("highlights")[0];
        Assert.Equal(710, highlight.GetProperty("offsetSeconds").GetInt32()); // the burst began at 12:00; links open 10 s before (chat lag + lead)
        foreach (var name in new[] { "at", "score", "reason", "vodUrl", "kind", "title" })
            Assert.True(highlight.TryGetProperty(name, out _), name);
        Assert.Equal("Alice", root.GetProperty("topChatters")[0].GetProperty("name").GetString());
        Assert.Equal(20, root.GetProperty("topChatters")[0].GetProperty("messages").GetInt32());
        Assert.Equal(1, root.GetProperty("moderation").GetProperty("timeouts").GetInt32());
        Assert.Equal(1, root.GetProperty("alerts").GetProperty("subscriptions").GetInt32());
        foreach (var name in new[] { "positive", "neutral", "negative", "average" })
            Assert.True(root.GetProperty("sentiment").TryGetProperty(name, out _), name);
        Assert.True(root.TryGetProperty("polls", out _));
        Assert.True(root.GetProperty("questions").TryGetProperty("unanswered", out _));
    }

    [Fact]
    public async Task The_csv_has_one_row_per_message_quoted_and_formula_safe()
    {
        await using var host = await HostWithStreamAsync();

        var response = await host.Client.GetAsync("/api/sessions/latest/messages.csv");
        var rows = Csv.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["time", "platform", "author", "text", "sentiment", "score", "question", "toxic", "deleted"], rows[0]);
        Assert.Equal(Messages, rows.Count - 1);
        Assert.All(rows, r => Assert.Equal(9, r.Count));
        Assert.Contains(rows, r => r[3] == "'=HYPERLINK(\"http://x\",\"click\")");
        Assert.Contains(rows, r => r[3] == "she said \"hi\", then\nleft");
        Assert.Contains(rows, r => r[2] == Script && r[4] == "negative");
    }

    [Fact]
    public async Task Two_sessions_compare_and_unknown_ones_are_not_found()
    {
        await using var host = await HostWithStreamAsync();
        var earlier = host.Session("20261114-190000", T0.AddDays(-7), 10);
        await host.WriteAsync(earlier, [host.Chat(T0.AddDays(-7).AddMinutes(1), "Alice", "hi")]);

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/api/sessions/compare?a=20261114-190000&b=latest"));

        Assert.Equal(1, doc.RootElement.GetProperty("a").GetProperty("messages").GetInt32());
        Assert.Equal(Messages, doc.RootElement.GetProperty("b").GetProperty("messages").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/sessions/nope/report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/sessions/nope/messages.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/sessions/compare?a=latest")).StatusCode);
    }

    [Fact]
    public async Task Erasing_a_viewer_over_the_api_removes_them_from_reports_and_stored_files()
    {
        await using var host = await HostWithStreamAsync();
        var files = host.App.Services.GetRequiredService<LiveBuddy.Server.Reports.ReportFiles>();
        var path = await files.WriteAsync("latest", CancellationToken.None);
        Assert.Contains("Alice", await File.ReadAllTextAsync(path!), StringComparison.Ordinal);

        var response = await host.Client.DeleteAsync("/api/viewers/twitch/id-Alice");
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(20, result.RootElement.GetProperty("messages").GetInt32());
        Assert.Equal(1, result.RootElement.GetProperty("viewerRecords").GetInt32());
        var report = await host.Client.GetStringAsync("/api/sessions/latest/report.json");
        Assert.DoesNotContain("Alice", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", await File.ReadAllTextAsync(path!), StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", await File.ReadAllTextAsync(Path.ChangeExtension(path!, "json")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.DeleteAsync("/api/viewers/myspace/1")).StatusCode);
    }

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}

/// <summary>An RFC 4180 reader for the tests: quoted cells may hold commas, quotes and line breaks.</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }
}
