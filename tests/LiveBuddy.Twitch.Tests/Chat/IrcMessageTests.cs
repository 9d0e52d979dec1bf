using LiveBuddy.Twitch.Chat;

namespace LiveBuddy.Twitch.Tests.Chat;

public sealed class IrcMessageTests
{
    private static readonly IReadOnlyList<SplitCase> Cases = SplitYaml.Read(IrcFixtures.PathOf("ircdocs-msg-split.yaml"));

    public static TheoryData<int> SplitCaseIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.Count; i++) data.Add(i);
        return data;
    }

    [Fact]
    public void The_ircdocs_split_file_is_read_completely()
    {
        Assert.Equal(35, Cases.Count);
        Assert.All(Cases, c => Assert.NotEqual("", c.Verb));
    }

    [Theory]
    [MemberData(nameof(SplitCaseIndexes))]
    public void Every_ircdocs_split_case_parses_to_its_atoms(int index)
    {
        var expected = Cases[index];

        var parsed = IrcMessage.TryParse(expected.Input, out var message);

        Assert.True(parsed, expected.Input);
        Assert.Equal(expected.Verb, message.Command.ToString());
        Assert.Equal(expected.Source is not null, message.HasSource);
        if (expected.Source is not null) Assert.Equal(expected.Source, message.Source.ToString());

        var actualParams = new List<string>();
        foreach (var p in message.Params) actualParams.Add(p.ToString());
        Assert.Equal(expected.Params, actualParams);

        var actualTags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in message.Tags) actualTags[tag.Key.ToString()] = IrcTags.Unescape(tag.Value);
        Assert.Equal(expected.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), actualTags.OrderBy(t => t.Key, StringComparer.Ordinal));
        foreach (var (key, value) in expected.Tags)
        {
            Assert.True(message.TryGetTag(key, out var raw));
            Assert.Equal(value, IrcTags.Unescape(raw));
        }
    }

    [Theory]
    [InlineData(@"a\sb", "a b")]
    [InlineData(@"a\:b", "a;b")]
    [InlineData(@"a\\b", @"a\b")]
    [InlineData(@"a\rb\n", "a\rb\n")]
    [InlineData(@"\x\y", "xy")]
    [InlineData(@"trailing\", "trailing")]
    [InlineData(@"\\n", @"\n")]
    [InlineData("", "")]
    public void Tag_values_are_unescaped_one_character_at_a_time(string raw, string expected)
    {
        Assert.Equal(expected, IrcTags.Unescape(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("@only-tags")]
    [InlineData(":only-source")]
    [InlineData("@a=b :source")]
    [InlineData("   ")]
    public void Lines_without_a_command_do_not_parse(string line)
    {
        Assert.False(IrcMessage.TryParse(line, out _));
    }

    [Fact]
    public void Nick_is_the_part_of_the_source_before_the_bang()
    {
        IrcMessage.TryParse(":ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #dallas :hi", out var message);

        Assert.Equal("ronni", message.Nick.ToString());
        Assert.True(message.TryGetParam(1, out var text));
        Assert.Equal("hi", text.ToString());
        Assert.False(message.TryGetParam(2, out _));
    }

    [Fact]
    public void Tags_split_the_same_way_across_64_character_blocks()
    {
        // Tags are found through one bit mask per 64 characters: every boundary position, unescaped '=' inside
        // values, keys without values and empty keys must read as a plain walk over the text reads them.
        var random = new Random(3);
        for (var round = 0; round < 500; round++)
        {
            const string alphabet = "ab=;\\x";
            var raw = new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            IrcMessage.TryParse("@" + raw + " PING", out var message);

            var actual = new List<string>();
            foreach (var tag in message.Tags) actual.Add(tag.Key.ToString() + "|" + tag.Value.ToString());
            Assert.Equal(PlainSplit(raw), actual);
        }
    }

    private static List<string> PlainSplit(string raw)
    {
        var tags = new List<string>();
        foreach (var item in raw.Split(';'))
        {
            var eq = item.IndexOf('=');
            var key = eq < 0 ? item : item[..eq];
            if (key.Length > 0) tags.Add(key + "|" + (eq < 0 ? "" : item[(eq + 1)..]));
        }
        return tags;
    }
}
