using System.Text.Json;
using LiveBuddy.Server.Reports;
using Microsoft.Extensions.Configuration;

namespace LiveBuddy.Server.Tests.Reports;

public sealed class ReportVerbTests
{
    private static readonly DateTimeOffset T0 = ReportHost.Start;

    private static async Task<ReportHost> HostAsync()
    {
        var host = await ReportHost.StartAsync();
        var session = host.Session("20261121-190000", T0, 3);
        await host.WriteAsync(session, [host.Chat(T0.AddSeconds(5), "Alice", "hi"), host.Chat(T0.AddMinutes(2), "Bob", "bye")]);
        return host;
    }

    private static IConfiguration Config(ReportHost host) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = host.Folder.Path }).Build();

    [Fact]
    public async Task Report_latest_as_json_goes_to_the_file_named_by_out()
    {
        await using var host = await HostAsync();
        var file = Path.Combine(host.Folder.Path, "out.json");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ReportVerb.RunAsync("latest", file, null, Config(host), output, error, CancellationToken.None);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(2, doc.RootElement.GetProperty("totals").GetProperty("messages").GetInt32());
        Assert.Equal(3, doc.RootElement.GetProperty("timeline").GetArrayLength());
        Assert.Contains(file, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_as_csv_without_out_writes_to_standard_output()
    {
        await using var host = await HostAsync();
        using var output = new StringWriter();

        var code = await ReportVerb.RunAsync("20261121-190000", null, "csv", Config(host), output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(3, Csv.Parse(output.ToString()).Count);
    }

    [Fact]
    public async Task Report_of_an_unknown_session_or_with_bad_arguments_fails_with_a_reason()
    {
        await using var host = await HostAsync();
        using var error = new StringWriter();

        Assert.Equal(1, await ReportVerb.RunAsync("20991231-000000", null, null, Config(host), TextWriter.Null, error, CancellationToken.None));
        Assert.Equal(2, await ReportVerb.RunAsync("", null, null, Config(host), TextWriter.Null, error, CancellationToken.None));
        Assert.Equal(2, await ReportVerb.RunAsync("latest", null, "pdf", Config(host), TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("No session", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Unknown format 'pdf'", error.ToString(), StringComparison.Ordinal);
    }
}
