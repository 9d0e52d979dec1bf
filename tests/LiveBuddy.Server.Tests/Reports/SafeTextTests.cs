using LiveBuddy.Server.Reports;

namespace LiveBuddy.Server.Tests.Reports;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("\"quoted\" & 'single'", "&quot;quoted&quot; &amp; &#x27;single&#x27;")]
    [InlineData("right\u202Eto\u2066left\u2069", "righttoleft")]
    [InlineData("zero\u200B\u200Dwidth\uFEFF", "zerowidth")]
    [InlineData("héllo ✨ 日本語", "héllo ✨ 日本語")]
    public void Chat_text_is_cleaned_and_encoded(string text, string expected) => Assert.Equal(expected, SafeText.Html(text));

    [Fact]
    public void Overlong_text_is_cut_without_splitting_an_emoji()
    {
        var text = new string('a', 4) + "😀😀";

        Assert.Equal("aaaa…", SafeText.Html(text, 5));
        Assert.Equal(501, SafeText.Html(new string('b', 2_000)).Length);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>")]
    [InlineData("not a url")]
    public void Only_web_links_are_written(string url) => Assert.Null(SafeText.Url(url));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("+cmd", "\"'+cmd\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Csv_cells_are_quoted_and_formula_safe(string value, string expected) =>
        Assert.Equal(expected, ChatCsv.Cell(new System.Text.StringBuilder(), value).ToString());
}
