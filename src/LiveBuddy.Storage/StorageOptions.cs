using Microsoft.Extensions.Configuration;

namespace LiveBuddy.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed record StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The data folder: database, keys, tokens, reports. Relative paths are under the working directory.</summary>
    public string Path { get; init; } = "data";

    /// <summary>The longest a written event waits in memory; a crash loses at most this window.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Events per transaction at most.</summary>
    public int MaxBatch { get; init; } = 5_000;

    /// <summary>Events held in memory while the disk is slow or failing; beyond it new events are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 200_000;

    /// <summary>Days chat and viewer data are kept; 0 keeps everything. Reports keep aggregates only.</summary>
    public int RetentionDays { get; init; } = 90;

    /// <summary>The data folder as configured (<c>Storage:Path</c>), as a full path; needed before options are bound.</summary>
    public static LiveBuddy.Core.DataFolder DataFolderFrom(IConfiguration configuration) =>
        new(System.IO.Path.GetFullPath(configuration[$"{Section}:{nameof(Path)}"] ?? "data"));
}
