using LiveBuddy.Core.Events;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Storage.Schema;

namespace LiveBuddy.Server.Tests.Privacy;

public sealed class ForgetMeTests
{
    private static ChatMessage Chat(string id, string user, string text) => new()
    {
        Platform = Platform.Twitch, Id = id, Channel = "chan", SentAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
        Author = new Author { Id = "id-" + user, Name = user, DisplayName = user }, Text = text,
    };

    [Fact]
    public async Task Forgetme_erases_the_viewers_messages_and_keeps_everyone_elses()
    {
        await using var host = TestHost.Start();
        await host.Ingress.PublishAsync(Chat("1", "alice", "hi, I am alice"));
        await host.Ingress.PublishAsync(Chat("2", "bob", "hi alice"));
        await host.Ingress.PublishAsync(Chat("3", "alice", "!forgetme"));
        var database = Path.Combine(host.DataPath, LiveBuddyDatabase.FileName);

        await Wait.UntilAsync(() =>
        {
            using var db = LiveBuddyDatabase.Open(database, readOnly: true);
            return db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE AuthorId = 'id-bob'") == 1
                && db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE AuthorId = 'id-alice'") == 0
                && db.ExecuteScalar<int>("SELECT COUNT(*) FROM viewers WHERE UserId = 'id-alice'") == 0
                && db.ExecuteScalar<int>("SELECT COUNT(*) FROM points_balances WHERE ViewerKey = 'twitch:id-alice'") == 0
                && db.ExecuteScalar<int>("SELECT COUNT(*) FROM points_balances WHERE ViewerKey = 'twitch:id-bob'") == 1;
        }, TimeSpan.FromSeconds(20), "alice's data (her points too) should be erased, bob's kept");
        using var http = host.CreateClient(admin: true);
        var top = await http.GetStringAsync(new Uri("/api/points/top", UriKind.Relative));
        Assert.DoesNotContain("alice", top, StringComparison.Ordinal);
        Assert.Contains("twitch:id-bob", top, StringComparison.Ordinal);
    }
}
