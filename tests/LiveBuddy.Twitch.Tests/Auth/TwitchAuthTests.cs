using System.Text;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Twitch.Tests.Auth;

public sealed class TwitchAuthTests
{
    private static async Task<T> PumpAsync<T>(TwitchApiHarness harness, Task<T> task)
    {
        await harness.WaitUntilAsync(() => task.IsCompleted, "the sign-in to finish", advance: TimeSpan.FromSeconds(1));
        return await task;
    }

    private static string TokenFile(TwitchApiHarness harness) => Path.Combine(harness.DataPath, TwitchTokenStore.FileName);

    [Fact]
    public async Task Device_flow_waits_while_pending_slows_down_when_asked_and_stores_the_token_encrypted()
    {
        await using var harness = await TwitchApiHarness.StartAsync(signedIn: false);
        harness.Auth.AnswerDevicePolls(FakeDeviceAnswer.Pending, FakeDeviceAnswer.SlowDown, FakeDeviceAnswer.Pending, FakeDeviceAnswer.Approve);
        var login = harness.Get<TwitchDeviceLogin>();

        var code = await login.StartAsync(CancellationToken.None);
        var signIn = await PumpAsync(harness, login.CompleteAsync(CancellationToken.None));

        Assert.Equal("ABCDEFGH", code.UserCode);
        Assert.StartsWith("https://www.twitch.tv/activate", code.VerificationUri.ToString(), StringComparison.Ordinal);
        Assert.Equal(("900", "livebuddy_bot"), (signIn.UserId, signIn.Login));
        var device = harness.Auth.Requests.Single(r => r.Path == "/oauth2/device");
        Assert.Contains("moderator:manage:banned_users", device["scopes"], StringComparison.Ordinal);
        var polls = harness.Auth.DevicePolls;
        Assert.Equal(4, polls.Count);
        Assert.All(polls, p => Assert.Equal("fake-device-code", p["device_code"]));
        var gaps = polls.Zip(polls.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.True(gaps[0] >= TimeSpan.FromSeconds(5), $"first gap {gaps[0]}");
        Assert.True(gaps[1] >= TimeSpan.FromSeconds(10), $"gap after slow_down {gaps[1]}");
        Assert.True(gaps[2] >= TimeSpan.FromSeconds(10), $"later gap {gaps[2]}");
        var stored = await File.ReadAllBytesAsync(TokenFile(harness));
        Assert.DoesNotContain(signIn.AccessToken, Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Null(login.Current);
    }

    [Fact]
    public async Task A_device_code_twitch_no_longer_knows_fails_with_twitchs_message()
    {
        await using var harness = await TwitchApiHarness.StartAsync(signedIn: false);
        harness.Auth.AnswerDevicePolls(FakeDeviceAnswer.Pending, FakeDeviceAnswer.Expired);
        var login = harness.Get<TwitchDeviceLogin>();
        await login.StartAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<TwitchAuthException>(() => PumpAsync(harness, login.CompleteAsync(CancellationToken.None)));

        Assert.Equal("invalid device code", error.Message);
        Assert.False(File.Exists(TokenFile(harness)));
    }

    [Fact]
    public async Task A_code_nobody_enters_expires_on_our_side_too()
    {
        await using var harness = await TwitchApiHarness.StartAsync(signedIn: false);
        harness.Auth.DeviceExpiresIn = 30;
        var login = harness.Get<TwitchDeviceLogin>();
        await login.StartAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<TwitchAuthException>(() => PumpAsync(harness, login.CompleteAsync(CancellationToken.None)));

        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.InRange(harness.Auth.DevicePolls.Count, 5, 6);
    }

    [Fact]
    public async Task Login_verb_prints_the_code_and_who_signed_in()
    {
        await using var harness = await TwitchApiHarness.StartAsync(signedIn: false);
        harness.Auth.AnswerDevicePolls(FakeDeviceAnswer.Approve);
        using var output = new StringWriter();

        var exit = await PumpAsync(harness, TwitchDeviceLogin.RunLoginAsync(harness.Services, output, CancellationToken.None));

        Assert.Equal(0, exit);
        Assert.Contains("ABCDEFGH", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Signed in as livebuddy_bot", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_verb_without_a_client_id_explains_what_to_configure()
    {
        await using var harness = await TwitchApiHarness.StartAsync(signedIn: false, clientId: null);
        using var output = new StringWriter();

        var exit = await TwitchDeviceLogin.RunLoginAsync(harness.Services, output, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("Twitch:ClientId", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(harness.Auth.Requests);
    }

    [Fact]
    public async Task A_configured_token_is_validated_at_start_to_learn_the_account()
    {
        await using var harness = await TwitchApiHarness.StartAsync();

        var signIn = await harness.Get<TwitchCredentials>().GetAsync(CancellationToken.None);

        Assert.Equal(("900", "livebuddy_bot"), (signIn!.UserId, signIn.Login));
        var validate = Assert.Single(harness.Auth.Requests, r => r.Path == "/oauth2/validate");
        Assert.Equal("OAuth " + harness.AccessToken, validate.Authorization);
        Assert.Equal(SourceState.Connected, harness.Board.Get(TwitchCredentials.StatusName)!.State);
    }

    [Fact]
    public async Task Refresh_rotation_is_saved_encrypted_and_the_saved_refresh_token_works_after_a_restart()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        var credentials = harness.Get<TwitchCredentials>();
        await credentials.GetAsync(CancellationToken.None);
        harness.Auth.ValidAccessTokens.TryRemove(harness.AccessToken, out _);

        Assert.True(await credentials.ValidateAsync(CancellationToken.None));

        var refreshed = (await credentials.GetAsync(CancellationToken.None))!;
        Assert.NotEqual(harness.AccessToken, refreshed.AccessToken);
        Assert.False(harness.Auth.ValidRefreshTokens.ContainsKey(harness.RefreshToken));
        var saved = (await harness.Get<TwitchTokenStore>().LoadAsync(CancellationToken.None))!;
        Assert.Equal(refreshed.AccessToken, saved.AccessToken);
        Assert.True(harness.Auth.ValidRefreshTokens.ContainsKey(saved.RefreshToken!));
        var fileText = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(TokenFile(harness)));
        Assert.DoesNotContain(saved.AccessToken, fileText, StringComparison.Ordinal);
        Assert.DoesNotContain(saved.RefreshToken!, fileText, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(harness.DataPath, "keys"), "*.xml"));

        // A restart reads the rotated pair back (the configured token is stale now) and can refresh again.
        var restarted = new ServiceCollectionRestart(harness);
        await using var __ = restarted;
        var again = restarted.Credentials;
        harness.Auth.ValidAccessTokens.TryRemove(saved.AccessToken, out _);
        Assert.True(await again.ValidateAsync(CancellationToken.None));
        Assert.Equal(2, harness.Auth.Requests.Count(r => r["grant_type"] == "refresh_token"));
    }

    [Fact]
    public async Task An_invalid_token_without_a_working_refresh_signs_out_and_says_why()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        harness.Auth.ValidAccessTokens.Clear();
        harness.Auth.ValidRefreshTokens.Clear();
        var credentials = harness.Get<TwitchCredentials>();

        var signIn = await credentials.GetAsync(CancellationToken.None);

        Assert.Null(signIn);
        var status = harness.Board.Get(TwitchCredentials.StatusName)!;
        Assert.Equal(SourceState.Failed, status.State);
        Assert.Contains("Invalid refresh token", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_deletes_the_stored_token()
    {
        await using var harness = await TwitchApiHarness.StartAsync(signedIn: false);
        harness.Auth.AnswerDevicePolls(FakeDeviceAnswer.Approve);
        var login = harness.Get<TwitchDeviceLogin>();
        var credentials = harness.Get<TwitchCredentials>();
        await login.StartAsync(CancellationToken.None);
        await PumpAsync(harness, login.CompleteAsync(CancellationToken.None));
        Assert.True(File.Exists(TokenFile(harness)));

        await credentials.SignOutAsync(CancellationToken.None);

        Assert.False(File.Exists(TokenFile(harness)));
        Assert.Null(await credentials.GetAsync(CancellationToken.None));
        Assert.Equal(SourceState.Failed, harness.Board.Get(TwitchCredentials.StatusName)!.State);
    }

    [Fact]
    public async Task A_sign_in_stored_by_login_twitch_in_another_process_takes_effect_and_a_removed_token_signs_out()
    {
        await using var harness = await TwitchApiHarness.StartAsync(signedIn: false);
        var running = harness.Get<TwitchCredentials>();
        Assert.Null(await running.GetAsync(CancellationToken.None));
        var signedIn = running.Changed;

        // `login twitch` runs as its own process: the same data folder and configuration, another container.
        await using (var cli = new ServiceCollectionRestart(harness))
        {
            harness.Auth.AnswerDevicePolls(FakeDeviceAnswer.Approve);
            await cli.DeviceLogin.StartAsync(CancellationToken.None);
            await PumpAsync(harness, cli.DeviceLogin.CompleteAsync(CancellationToken.None));
        }
        Assert.False(signedIn.IsCompleted);

        Assert.True(await running.ReloadIfStoreChangedAsync(CancellationToken.None));
        Assert.Equal("livebuddy_bot", running.Current?.Login);
        Assert.True(signedIn.IsCompleted);
        Assert.False(await running.ReloadIfStoreChangedAsync(CancellationToken.None)); // nothing new

        var signedOut = running.Changed;
        File.Delete(TokenFile(harness));
        Assert.True(await running.ReloadIfStoreChangedAsync(CancellationToken.None));
        Assert.Null(running.Current);
        Assert.True(signedOut.IsCompleted);
        Assert.Contains("chat is read anonymously", harness.Board.Get(TwitchCredentials.StatusName)!.Detail, StringComparison.Ordinal);
    }

    /// <summary>A second container on the same data folder and configuration: the process after a restart.</summary>
    private sealed class ServiceCollectionRestart : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        public ServiceCollectionRestart(TwitchApiHarness harness)
        {
            IServiceCollection services = new ServiceCollection();
            foreach (var descriptor in harness.ServiceDescriptors)
                services.Add(descriptor);
            _services = services.BuildServiceProvider();
        }

        public TwitchCredentials Credentials => _services.GetRequiredService<TwitchCredentials>();

        public TwitchDeviceLogin DeviceLogin => _services.GetRequiredService<TwitchDeviceLogin>();

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }
}
