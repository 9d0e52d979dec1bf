using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Twitch;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>
/// Issue 17.6 through a running host: <c>login twitch</c> run as its own process (LiveBuddy.Server.dll, as a streamer types it
/// in a second terminal) signs the running LiveBuddy in without a restart, and a removed token signs it out again.
/// </summary>
public sealed class SignInHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task<JsonElement?> SourceAsync(HttpClient client, string name)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/healthz"));
        foreach (var source in doc.RootElement.GetProperty("sources").EnumerateArray())
            if (source.GetProperty("name").GetString() == name) return source.Clone();
        return null;
    }

    private static async Task<string> DetailAsync(HttpClient client, string name) =>
        (await SourceAsync(client, name))?.GetProperty("detail").GetString() ?? "";

    [Fact]
    public async Task Login_twitch_in_a_second_process_signs_the_running_host_in_at_once_and_removing_the_token_signs_it_out()
    {
        await using var eventSub = await FakeEventSubServer.StartAsync();
        await using var helix = await FakeHelixServer.StartAsync();
        await using var auth = await FakeTwitchAuthServer.StartAsync();
        await using var chat = await FakeTwitchChatServer.StartAsync();
        auth.TokenIssued = token => helix.ValidTokens[token] = true;
        (auth.UserId, auth.Login, auth.DeviceInterval) = ("1337", FakeTwitch.Channel, 1);
        auth.Scopes.Add("channel:manage:redemptions");
        helix.TokenOwner = () => (auth.UserId, [.. auth.Scopes]);
        helix.AddUser("1337", FakeTwitch.Channel);
        var twitch = new Dictionary<string, string?>
        {
            ["Twitch:EventSubUrl"] = eventSub.Url.ToString(),
            ["Twitch:HelixUrl"] = helix.Url,
            ["Twitch:AuthUrl"] = auth.Url,
            ["Twitch:ChatUrl"] = chat.Url.ToString(),
            ["Twitch:Channels:0"] = FakeTwitch.Channel,
            ["Twitch:ClientId"] = "fake-client-id",
        };
        var settings = new Dictionary<string, string?>(twitch) { ["Moderation:Enabled"] = "false", ["Twitch:Rewards:0:Title"] = "Hydrate!" };
        await using var host = TestHost.Start(settings);
        using var client = host.CreateClient();

        // Not signed in: chat is read anonymously, EventSub and the rewards wait.
        await Wait.UntilAsync(() => chat.Clients.Any(c => c.Nick?.StartsWith("justinfan", StringComparison.Ordinal) == true && c.JoinedChannels.Contains(FakeTwitch.Channel)),
            Patience, "anonymous chat");
        Assert.Empty(eventSub.Sessions);

        auth.AnswerDevicePolls(FakeDeviceAnswer.Approve);
        var (exit, output) = await LoginTwitchAsync(host.DataPath, twitch);
        Assert.True(exit == 0, output);
        Assert.Contains("Signed in as cool_user", output, StringComparison.Ordinal);

        // The running host notices the new token file: signed in, chat as the account, EventSub subscribed, rewards created.
        await Wait.UntilAsync(async () => (await DetailAsync(client, "twitch-auth")) == "signed in as cool_user", Patience, "the running host signed in");
        await Wait.UntilAsync(() => chat.Clients.Any(c => c.Nick == FakeTwitch.Channel && c.IsOpen), Patience, "chat as the signed-in account");
        await Wait.UntilAsync(() => eventSub.Sessions.Count > 0 && helix.SubscriptionRequests.Any(r => r.Json!["type"]!.GetValue<string>() == "stream.offline"),
            Patience, "EventSub subscriptions");
        await Wait.UntilAsync(() => helix.Rewards.Any(r => r.Title == "Hydrate!" && r.ClientId == "fake-client-id"), Patience, "the reward created after the sign-in");
        await Wait.UntilAsync(async () => (await DetailAsync(client, "twitch-channel-points")).StartsWith("1 of 1 reward(s) ready", StringComparison.Ordinal),
            Patience, "the channel points status");

        // The token removed (signed out elsewhere): back to anonymous reading, and the control page says so.
        var clientsBefore = chat.Clients.Count;
        File.Delete(Path.Combine(host.DataPath, "twitch-token.bin"));
        await Wait.UntilAsync(async () => (await DetailAsync(client, "twitch-auth")).Contains("chat is read anonymously", StringComparison.Ordinal),
            Patience, "signed out");
        await Wait.UntilAsync(() => chat.Clients.Skip(clientsBefore).Any(c => c.Nick?.StartsWith("justinfan", StringComparison.Ordinal) == true), Patience, "anonymous chat again");
    }

    /// <summary><c>dotnet LiveBuddy.Server.dll login twitch</c> on the same data folder and Twitch settings, as a second terminal runs it.</summary>
    private static async Task<(int Exit, string Output)> LoginTwitchAsync(string data, Dictionary<string, string?> twitch)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LiveBuddy.Server.dll"), "login", "twitch"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Storage__Path"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in twitch) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException("login twitch did not finish: " + output);
        }
        lock (output) return (process.ExitCode, output.ToString());
    }
}
