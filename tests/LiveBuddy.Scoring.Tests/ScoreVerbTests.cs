using System.Text.Json;

namespace LiveBuddy.Scoring.Tests;

[Collection(ScoringCollection.Name)]
public sealed class ScoreVerbTests(ScoringFixture fixture)
{
    [Fact]
    public async Task Each_input_line_becomes_one_json_object_with_exactly_the_contract_fields()
    {
        var input = new StringReader("KEKW KEKW\nwhat game is this?\nyou are an idiot\n\n\"quoted\" ñ 😂\n");
        var output = new StringWriter();

        var exit = await ScoreVerb.RunAsync(input, output, fixture.Scorer, CancellationToken.None);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exit);
        Assert.Equal(5, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(["text", "sentiment", "score", "question", "toxic"], names);
            Assert.Contains(json.RootElement.GetProperty("sentiment").GetString(), new[] { "negative", "neutral", "positive" });
            Assert.InRange(json.RootElement.GetProperty("score").GetDouble(), -1, 1);
        }
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("positive", first.RootElement.GetProperty("sentiment").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.True(second.RootElement.GetProperty("question").GetBoolean());
        using var third = JsonDocument.Parse(lines[2]);
        Assert.True(third.RootElement.GetProperty("toxic").GetBoolean());
        using var last = JsonDocument.Parse(lines[4]);
        Assert.Equal("\"quoted\" ñ 😂", last.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Cancellation_stops_the_verb()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ScoreVerb.RunAsync(new StringReader("hi\n"), new StringWriter(), fixture.Scorer, cancel.Token));
    }
}
