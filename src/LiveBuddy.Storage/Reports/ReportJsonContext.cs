using System.Text.Json.Serialization;
using LiveBuddy.Storage.Privacy;

namespace LiveBuddy.Storage.Reports;

/// <summary>Source-generated JSON for the report contract: camelCase, indented for people who open the file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SessionReport))]
[JsonSerializable(typeof(SessionComparison))]
[JsonSerializable(typeof(ErasureResult))]
[JsonSerializable(typeof(RetentionResult))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
