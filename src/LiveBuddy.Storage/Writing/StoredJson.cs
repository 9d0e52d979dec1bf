using System.Text.Json;

namespace LiveBuddy.Storage.Writing;

/// <summary>How the feature records store JSON columns (web defaults: camelCase).</summary>
internal static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Stored JSON read at start-up: a damaged value costs that value, never the start.</summary>
    public static T? Read<T>(string? json) where T : class
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
