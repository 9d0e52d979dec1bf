using LiveBuddy.Core.Events;
using LiveBuddy.Server.Demo;

namespace LiveBuddy.Server.Tests.Hosting;

public sealed class DemoChatTests
{
    [Fact]
    public void Shipped_demo_chat_loads_with_chat_alerts_and_a_poll()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "config", "demo");

        var lines = DemoChat.Load(folder, out var skipped);

        Assert.Equal(0, skipped);
        Assert.True(lines.Count >= 300);
        Assert.Contains(lines, l => l.Alert is not null);
        Assert.Contains(lines, l => l.Text?.StartsWith("!poll ", StringComparison.Ordinal) == true);
        var events = lines.Select((l, i) => DemoChat.ToEvent(l, i, 0, DateTimeOffset.UnixEpoch)).ToList();
        Assert.Contains(events, e => e is ChatMessage { Fragments.Count: > 0 });
        Assert.Contains(events, e => e is Alert { Kind: AlertKind.SuperChat, Amount: > 0 });
    }

    [Fact]
    public void Line_without_roles_or_with_bad_json_is_handled()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllLines(Path.Combine(folder, "chat.jsonl"),
        [
            """{"at": 0.5, "user": "plain_viewer", "text": "hello Kappa"}""",
            """{"at": 1, "user": "broken" """,
            """{"at": 2, "text": "no user"}""",
        ]);

        var lines = DemoChat.Load(folder, out var skipped);
        var chat = Assert.IsType<ChatMessage>(DemoChat.ToEvent(lines.Single(), 0, 3, DateTimeOffset.UnixEpoch));

        Assert.Equal(2, skipped);
        Assert.Equal(ViewerRoles.None, chat.Author.Roles);
        Assert.Equal("demo-3-0", chat.Id);
        Assert.Equal("25", chat.Fragments.Single(f => f.IsEmote).Emote!.Id);
    }
}
