using LiveBuddy.Server.Cli;

namespace LiveBuddy.Server.Tests.Cli;

/// <summary>The command line as a user types it: verbs, help, bad usage, settings and the server's own arguments.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("livebuddy-cli-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private string[]? _serverArgs;

    private Task<int> RunAsync(params string[] args) => LiveBuddyCli.RunAsync(args, a =>
    {
        _serverArgs = a;
        return Task.FromResult(0);
    }, _output, _error);

    [Theory]
    [InlineData("report", "--format")]
    [InlineData("replay", "--speed")]
    [InlineData("login", "twitch|youtube")]
    [InlineData("score", "standard input")]
    [InlineData("train", "evaluation")]
    [InlineData("keys", "overlay URLs")]
    public async Task Every_verb_has_help(string verb, string mentioned)
    {
        Assert.Equal(0, await RunAsync(verb, "--help"));

        Assert.Contains($"LiveBuddy.Server {verb}", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains(mentioned, _output.ToString(), StringComparison.Ordinal);
        Assert.Null(_serverArgs);
    }

    [Fact]
    public async Task Help_without_a_verb_lists_the_verbs_and_says_no_verb_starts_the_server()
    {
        Assert.Equal(0, await RunAsync("--help"));

        foreach (var verb in new[] { "report", "score", "replay", "login", "train", "keys" })
            Assert.Contains(verb, _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("With no verb it starts the server", _output.ToString(), StringComparison.Ordinal);
        Assert.Null(_serverArgs);
    }

    [Theory]
    [InlineData("report latest --format pdf", "'pdf'")]
    [InlineData("report", "session")]
    [InlineData("login tiktok", "'tiktok'")]
    [InlineData("replay capture.log --speed -1", "--speed")]
    [InlineData("replay capture.log --speed fast", "fast")]
    [InlineData("score --bogus", "--bogus")]
    [InlineData("reprot latest", "Unknown verb 'reprot'")]
    public async Task Bad_usage_exits_with_2_and_says_what_is_wrong(string line, string named)
    {
        Assert.Equal(2, await RunAsync(line.Split(' ')));

        Assert.Contains(named, _error.ToString(), StringComparison.Ordinal);
        Assert.Null(_serverArgs);
    }

    [Fact]
    public async Task No_verb_starts_the_server_with_its_arguments_as_given()
    {
        string[] args = ["--urls", "http://127.0.0.1:5999", "--Storage:Path", _data, "Demo:Mode=off", "--environment=Development"];

        Assert.Equal(0, await RunAsync(args));

        Assert.Equal(args, _serverArgs);
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public async Task Keys_shows_the_admin_key_and_overlay_urls_of_the_data_folder_with_settings_after_the_verb()
    {
        Assert.Equal(0, await RunAsync("keys", "--Storage:Path", _data, "--Security:AdminKey", "admin-from-config", "--urls", "http://0.0.0.0:5300"));

        var text = _output.ToString();
        Assert.Contains("admin-from-config", text, StringComparison.Ordinal);
        var overlayKey = text.Split('\n').Single(l => l.StartsWith("Overlay key:", StringComparison.Ordinal))["Overlay key:".Length..].Trim();
        Assert.Matches("^[0-9a-f]{32}$", overlayKey);
        Assert.Contains($"http://localhost:5300/overlay/chat.html?key={overlayKey}", text, StringComparison.Ordinal);

        // The same generated key again: it was stored in the data folder, not made up per run.
        _output.GetStringBuilder().Clear();
        Assert.Equal(0, await RunAsync("keys", "--Storage:Path=" + _data));
        Assert.Contains($"Overlay key:   {overlayKey}", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_suggest_directive_completes_verbs_and_option_values_for_tab_completion()
    {
        // As dotnet-suggest asks: the cursor position, then the whole line typed so far.
        Assert.Equal(0, await RunAsync("[suggest:2]", "re"));
        Assert.Contains("replay", Lines());
        Assert.Contains("report", Lines());
        Assert.DoesNotContain("keys", Lines());

        _output.GetStringBuilder().Clear();
        Assert.Equal(0, await RunAsync("[suggest:6]", "login "));
        Assert.Contains("twitch", Lines());
        Assert.Contains("youtube", Lines());

        _output.GetStringBuilder().Clear();
        Assert.Equal(0, await RunAsync("[suggest:23]", "report latest --format "));
        Assert.Equal(["csv", "html", "json"], Lines());
    }

    private string[] Lines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
