namespace LiveBuddy.Server.Tests.Live;

/// <summary>
/// Raw Twitch IRC PRIVMSG lines as Twitch sends them, numbered per test, for tests that drive the whole host from the wire.
/// With <c>sourceRoomId</c> the line carries Shared Chat's source tags: our own room's, or a partner's (with its source badges).
/// </summary>
internal sealed class RawPrivmsg(string channel, string roomId, string idPrefix)
{
    private long _sequence;

    /// <summary>A line from <paramref name="login"/>; its id is the next number after the prefix unless <paramref name="id"/> names it.</summary>
    public string Line(string login, string text, string badges = "", int userId = 50, string? sourceRoomId = null, string? id = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var mod = badges.Contains("moderator", StringComparison.Ordinal) ? 1 : 0;
        var source = sourceRoomId is null ? ""
            : sourceRoomId == roomId ? $"source-id={idPrefix}-{n};source-room-id={roomId};"
            : $"source-badges=;source-badge-info=;source-id=partner-{n};source-room-id={sourceRoomId};";
        return $"@badge-info=;badges={badges};color=#8A2BE2;display-name={login};emotes=;first-msg=0;id={id ?? $"{idPrefix}-{n}"};mod={mod};room-id={roomId};" +
               source + $"subscriber=0;tmi-sent-ts={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()};turbo=0;user-id={userId};user-type= " +
               $":{login}!{login}@{login}.tmi.twitch.tv PRIVMSG #{channel} :{text}";
    }
}
