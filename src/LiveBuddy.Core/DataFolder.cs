namespace LiveBuddy.Core;

/// <summary>
/// The one folder that holds all state: the SQLite database, keys, tokens, reports.
/// <c>Storage:Path</c>, default <c>data/</c> under the working directory.
/// </summary>
public sealed record DataFolder(string Path)
{
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string EnsureSubfolder(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
