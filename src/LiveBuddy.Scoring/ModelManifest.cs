using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveBuddy.Scoring;

/// <summary>
/// <c>Models/manifest.json</c>: decision thresholds chosen at training time and the evaluation the
/// models shipped with, so the served behaviour and the printed metrics cannot drift apart.
/// </summary>
public sealed record ModelManifest
{
    public int Seed { get; init; }
    public float QuestionThreshold { get; init; } = 0.5f;
    public float ToxicThreshold { get; init; } = 0.5f;
    /// <summary>
    /// Added to the sentiment logits (negative, neutral, positive) when serving: log(live chat share / corpus share)
    /// per class, so the model expects live chat's mostly-neutral mix rather than our corpus's. Empty: no shift.
    /// </summary>
    public float[] SentimentPriorShift { get; init; } = [];
    public Dictionary<string, double> Metrics { get; init; } = [];

    public static ModelManifest Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, ManifestJson.Default.ModelManifest)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, ManifestJson.Default.ModelManifest);
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJson : JsonSerializerContext;
