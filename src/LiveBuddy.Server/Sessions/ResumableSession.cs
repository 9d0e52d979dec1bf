using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Sessions;

namespace LiveBuddy.Server.Sessions;

/// <summary>
/// What a feature stored during the session a restart is about to continue (the open poll, the Q&amp;A queue). The session
/// tracker looked the resumable session up once at start; the features follow it.
/// </summary>
public static class ResumableSession
{
    public static T? Load<T>(IServiceProvider sp, Func<SQLite.SQLiteConnection, string, DateTimeOffset, T?> load) where T : class
    {
        if (sp.GetRequiredService<SessionTracker>().ResumableAtStart is not { } session) return null;
        using var db = sp.GetRequiredService<SessionStore>().OpenRead();
        return load(db, session.Id, sp.GetRequiredService<TimeProvider>().GetUtcNow());
    }
}
