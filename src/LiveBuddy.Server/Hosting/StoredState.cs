using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using SQLite;

namespace LiveBuddy.Server.Hosting;

/// <summary>Reads a feature's stored state at start.</summary>
public static class StoredState
{
    /// <summary>
    /// Opens the database read-write (which brings its schema forward) before reading: a database an older LiveBuddy
    /// wrote lacks the newer features' tables until it is migrated, and a read-only connection never migrates.
    /// </summary>
    public static T Load<T>(IServiceProvider sp, Func<SQLiteConnection, T> read)
    {
        using var db = LiveBuddyDatabase.Open(sp.GetRequiredService<SessionStore>().DatabasePath, time: sp.GetRequiredService<TimeProvider>());
        return read(db);
    }
}
