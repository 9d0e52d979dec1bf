using LiveBuddy.Core.Events;

namespace LiveBuddy.Obs.Tests;

internal static class Chat
{
    private static int _ids;

    public static ChatMessage From(string user, string text, bool moderator = false) => new()
    {
        Platform = Platform.Twitch,
        Id = "msg-" + Interlocked.Increment(ref _ids),
        Channel = "streamer",
        SentAt = DateTimeOffset.UtcNow,
        ReceivedAt = DateTimeOffset.UtcNow,
        Author = new Author { Id = "u-" + user, Name = user, DisplayName = user, Roles = moderator ? ViewerRoles.Moderator : ViewerRoles.None },
        Text = text,
    };
}
