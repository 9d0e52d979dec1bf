using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Testing.Twitch;
using SQLite;

namespace LiveBuddy.Server.Tests.Import;

/// <summary>
/// Firebot's quotes export through the whole host: <c>POST /api/import/firebot</c> as the control page sends it, then
/// raw Twitch chat asking <c>!quote n</c> from the fake IRC server, then a restart.
/// </summary>
public sealed class FirebotImportHostTests
{
    private const string Channel = "streamchan";
    private readonly RawPrivmsg _lines = new(Channel, "777", "fb");

    // As Firebot's exportQuotesToFile writes it (see Core's FirebotImportTests), as UTF-8 bytes on the wire.
    private static readonly byte[] Export = Encoding.UTF8.GetBytes(string.Join("\n",
        "ID,Text,Originator,Creator,Category,Created",
        "3,\"chat is always right, \"\"always\"\"\",ann,mia,Just Chatting,2023-05-14T18:22:31.123Z",
        "12,\"I never miss a jump 🎉\",mia,streamer,Warhammer 40,000: Darktide,2024-01-02T03:04:05.000Z",
        "13,\"\",ann,mia,Celeste,2024-01-02T03:04:05.000Z"));

    [Fact]
    public async Task A_dry_run_stores_nothing_then_the_import_answers_quote_12_in_chat_survives_a_restart_and_is_not_imported_twice()
    {
        await using var twitch = await FakeTwitchChatServer.StartAsync();
        var settings = IrcBotHost.Settings(twitch, Channel);
        var host = TestHost.Start(settings);
        try
        {
            var client = await IrcBotHost.JoinedClientAsync(twitch, Channel);
            using (var http = host.CreateClient(admin: true))
            {
                var dry = await PostAsync(http, "/api/import/firebot", Export);
                Assert.True(dry.GetProperty("dryRun").GetBoolean());
                Assert.Equal([3, 12], dry.GetProperty("quotes").EnumerateArray().Select(q => q.GetProperty("quote").GetProperty("number").GetInt32()));
                Assert.Equal("line 4 (#13): it has no text", Skips(dry).Single());
                Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/quotes")).GetArrayLength());

                var done = await PostAsync(http, "/api/import/firebot?dryRun=false", Export);
                Assert.Equal(2, done.GetProperty("quotes").GetArrayLength());
                await client.SendAsync(_lines.Line("bob", "!quote 12"));
                var reply = await ReplyAsync(client, "#12:");
                Assert.EndsWith($"PRIVMSG #{Channel} :#12: \"I never miss a jump 🎉\" \u2014 mia (2024-01-02, Warhammer 40,000: Darktide)", reply, StringComparison.Ordinal);
            }

            host = await host.RestartAsync(settings);
            client = await IrcBotHost.JoinedClientAsync(twitch, Channel);
            await client.SendAsync(_lines.Line("bob", "!quote 3"));
            Assert.EndsWith(":#3: \"chat is always right, \"always\"\" \u2014 ann (2023-05-14, Just Chatting)", await ReplyAsync(client, "#3:"), StringComparison.Ordinal);
            using (var http = host.CreateClient(admin: true))
            {
                var again = await PostAsync(http, "/api/import/firebot?dryRun=false", Export);
                Assert.Equal(0, again.GetProperty("quotes").GetArrayLength());
                Assert.Equal(["line 2 (#3): already here as #3 (same text, same day)", "line 3 (#12): already here as #12 (same text, same day)", "line 4 (#13): it has no text"],
                    Skips(again).Order(StringComparer.Ordinal));

                using var notAnExport = await http.PostAsync("/api/import/firebot?dryRun=false", new ByteArrayContent("hello"u8.ToArray()));
                Assert.Equal(HttpStatusCode.BadRequest, notAnExport.StatusCode);
                Assert.Contains("not a Firebot quotes export", await notAnExport.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            await host.StopAsync();
            using var db = new SQLiteConnection(new SQLiteConnectionString(Path.Combine(host.DataPath, "livebuddy.db"), SQLiteOpenFlags.ReadOnly, storeDateTimeAsTicks: true));
            Assert.Equal(["3 ann mia Just Chatting", "12 mia streamer Warhammer 40,000: Darktide"],
                db.Query<QuoteRow>("SELECT Number, SaidBy, AddedBy, Category FROM quotes ORDER BY Number").Select(r => $"{r.Number} {r.SaidBy} {r.AddedBy} {r.Category}"));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, byte[] body)
    {
        using var response = await http.PostAsync(path, new ByteArrayContent(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static IEnumerable<string> Skips(JsonElement answer) =>
        answer.GetProperty("skipped").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()}: {s.GetProperty("reason").GetString()}");

    private static async Task<string> ReplyAsync(FakeTwitchChatClient client, string contains)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await client.WaitForLineAsync(l => l.Contains($"PRIVMSG #{Channel}", StringComparison.Ordinal) && l.Contains(contains, StringComparison.Ordinal), timeout.Token);
    }

    private sealed class QuoteRow
    {
        public int Number { get; set; }
        public string? SaidBy { get; set; }
        public string AddedBy { get; set; } = "";
        public string? Category { get; set; }
    }
}
