using LiveBuddy.Core.Events;
using static Microsoft.Playwright.Assertions;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>Bidi control characters in chat stay inside the name or message that carries them.</summary>
[Trait("Category", "Browser")]
public sealed class BidiOverlayTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // Reads the first text node of an element left to right: true when its first character is drawn left of its last.
    private const string ReadsLeftToRight =
        """
        el => {
          const node = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode();
          const range = document.createRange();
          range.setStart(node, 0); range.setEnd(node, 1);
          const first = range.getBoundingClientRect().left;
          range.setStart(node, node.length - 1); range.setEnd(node, node.length);
          return first < range.getBoundingClientRect().left;
        }
        """;

    [Fact]
    public async Task A_right_to_left_override_in_a_name_does_not_flip_the_message_after_it()
    {
        await using var context = await fixture.NewContextAsync();
        var (page, errors) = await BrowserFixture.OpenAsync(context, fixture.Host.Widget("chat"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        // U+202E with no closing U+202C: without isolation everything after it on the line is drawn reversed.
        var line = TestChat.Line("hello streamer", Platform.YouTube, displayName: "spoofer\u202E");
        await fixture.Host.PublishAsync(line);

        var shown = page.Locator($".lb-line[data-id='{line.Id}']");
        await Expect(shown).ToBeVisibleAsync();
        Assert.True(await shown.Locator(".lb-text").EvaluateAsync<bool>(ReadsLeftToRight), "the message reads left to right");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Invisible_characters_are_taken_out_of_names_and_a_name_made_only_of_them_falls_back_to_the_login()
    {
        await using var context = await fixture.NewContextAsync();
        var (page, errors) = await BrowserFixture.OpenAsync(context, fixture.Host.Widget("chat"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var lookalike = TestChat.Line("hi", displayName: "Stream\u200Ber\u2060\uFEFF");
        var invisible = TestChat.Line("guess who", user: "sneaky_login", displayName: "\u200B\u200C\u00AD");
        var emoji = TestChat.Line("family", displayName: "Fam\U0001F468\u200D\U0001F469");
        await fixture.Host.PublishAsync(lookalike);
        await fixture.Host.PublishAsync(invisible);
        await fixture.Host.PublishAsync(emoji);

        await Expect(page.Locator($".lb-line[data-id='{lookalike.Id}'] .lb-name")).ToHaveTextAsync("Streamer");
        await Expect(page.Locator($".lb-line[data-id='{invisible.Id}'] .lb-name")).ToHaveTextAsync("sneaky_login");
        await Expect(page.Locator($".lb-line[data-id='{emoji.Id}'] .lb-name")).ToHaveTextAsync("Fam\U0001F468\u200D\U0001F469");
        Assert.Empty(errors);
    }
}
