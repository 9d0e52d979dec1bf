using System.Runtime.CompilerServices;

namespace LiveBuddy.Twitch.Tests.EventSub;

/// <summary>The captured EventSub frames beside this file (chatterino-eventsub-ws, see Fixtures/README.md).</summary>
internal static class EventSubFixtures
{
    public static string PathOf(string name) => Path.Combine(Here(), "Fixtures", name);

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
