namespace LiveBuddy.Server.Hosting;

/// <summary>
/// The folder with the user-edited defaults (<c>appsettings.json</c>, commands, timers, demo chat):
/// <c>LIVEBUDDY_CONFIG</c> if set, else <c>config/</c> in the working directory, else the copy beside the program.
/// </summary>
public sealed record ConfigFolder(string Path)
{
    public static ConfigFolder Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("LIVEBUDDY_CONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnv)) return new ConfigFolder(System.IO.Path.GetFullPath(fromEnv));
        var inWorkingDir = System.IO.Path.GetFullPath("config");
        if (File.Exists(System.IO.Path.Combine(inWorkingDir, "appsettings.json"))) return new ConfigFolder(inWorkingDir);
        return new ConfigFolder(System.IO.Path.Combine(AppContext.BaseDirectory, "config"));
    }
}
