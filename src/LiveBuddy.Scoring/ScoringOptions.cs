namespace LiveBuddy.Scoring;

/// <summary>Configuration section <c>Scoring</c>: where the models and word lists live and how decisions are made.</summary>
public sealed record ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>Folder with the trained models; default <c>Models</c> next to the program.</summary>
    public string? ModelFolder { get; init; }

    /// <summary>Folder with the lexicons and word lists; default <c>Data</c> next to the program.</summary>
    public string? DataFolder { get; init; }

    /// <summary>The emote table file; default <c>emotes.tsv</c> in <see cref="DataFolder"/>. Reloaded when it changes.</summary>
    public string? EmoteTablePath { get; init; }

    /// <summary>How often the emote table's write time is checked.</summary>
    public TimeSpan EmoteTableCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Question probability needed to enter the Q&amp;A queue; null uses the threshold chosen at training.</summary>
    public float? QuestionThreshold { get; init; }

    /// <summary>Toxicity (0..1) at which a message counts as toxic.</summary>
    public float ToxicThreshold { get; init; } = 0.5f;

    /// <summary>How much Kappa or <c>/s</c> pulls the sentiment value toward neutral (0 = none, 1 = fully).</summary>
    public float SarcasmDamping { get; init; } = 0.6f;

    internal string ResolveModelFolder() => ModelFolder ?? Path.Combine(AppContext.BaseDirectory, "Models");

    internal string ResolveDataFolder() => DataFolder ?? Path.Combine(AppContext.BaseDirectory, "Data");

    internal string ResolveEmoteTable() => EmoteTablePath ?? Path.Combine(ResolveDataFolder(), "emotes.tsv");
}
