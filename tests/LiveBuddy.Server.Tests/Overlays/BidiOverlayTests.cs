using LiveBuddy.Core.Events;
using static Microsoft.Playwright.Assertions;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>Bidi control characters in chat stay inside the name or message that carries them.</summary>
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
}
