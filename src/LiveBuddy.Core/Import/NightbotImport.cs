using System.Text.Json;
using System.Text.RegularExpressions;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Import;

/// <summary>One entry an import leaves out, and why.</summary>
public sealed record ImportSkip(string Name, string Reason);

/// <summary>What an import would bring in (a dry run) or brought in.</summary>
public sealed record ImportResult(bool DryRun, IReadOnlyList<CustomCommand> Commands, IReadOnlyList<ImportSkip> Skipped);

/// <summary>
/// Add imported custom commands (a name already in use is skipped, never overwritten); with <see cref="DryRun"/> only
/// says what would be added. Result: <see cref="ImportResult"/>.
/// </summary>
public sealed record ImportCommands(IReadOnlyList<CustomCommand> Commands, IReadOnlyList<ImportSkip> Skipped, bool DryRun) : ControlRequest;

/// <summary>A file that cannot be imported at all, with a message for the streamer.</summary>
public sealed class ImportFormatException(string message) : Exception(message);

/// <summary>
/// Reads Nightbot's custom commands as its API documents them (<c>GET https://api.nightbot.tv/1/commands</c>:
/// <c>{"_total", "status", "commands": [{"_id", "name", "message", "coolDown", "count", "userLevel", …}]}</c>).
/// Nightbot's command counter (<c>count</c>, shown by <c>$(count)</c>) comes along as the command's <c>{count}</c>.
/// Variables LiveBuddy has are translated; a command using one it lacks (<c>$(urlfetch …)</c>, <c>$(eval …)</c>) is
/// skipped with the reason, because it would answer with the raw variable.
/// </summary>
public static partial class NightbotImport
{
    /// <summary>Nightbot variable → LiveBuddy variable (docs.nightbot.tv/variables).</summary>
    private static readonly Dictionary<string, string> Variables = new(StringComparer.OrdinalIgnoreCase)
    {
        ["user"] = "{user}",
        ["touser"] = "{touser}",
        ["query"] = "{args}",
        ["count"] = "{count}",
        ["uptime"] = "{uptime}",
        ["channel"] = "{channel}",
    };

    public static (IReadOnlyList<CustomCommand> Commands, IReadOnlyList<ImportSkip> Skipped) Parse(string json, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ImportFormatException($"The file is not JSON ({ex.Message}). Export it from Nightbot's API: GET https://api.nightbot.tv/1/commands.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("commands", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new ImportFormatException("This is not a Nightbot commands list: expected {\"commands\": [...]} as GET https://api.nightbot.tv/1/commands returns it.");
            var commands = new List<CustomCommand>();
            var skipped = new List<ImportSkip>();
            var index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                index++;
                var rawName = Text(entry, "name");
                var label = string.IsNullOrWhiteSpace(rawName) ? $"entry {index}" : rawName!.Trim();
                var name = CommandRouter.NormalizeName(rawName ?? "");
                if (name.Length == 0) { skipped.Add(new(label, "the name must be letters, digits, - and _ (up to 30)")); continue; }
                var message = Text(entry, "message");
                if (string.IsNullOrWhiteSpace(message)) { skipped.Add(new(label, "it has no message")); continue; }
                if (!TryLevel(Text(entry, "userLevel"), out var level)) { skipped.Add(new(label, $"unknown userLevel '{Text(entry, "userLevel")}'")); continue; }
                if (!TryTranslate(message!, out var response, out var unknown)) { skipped.Add(new(label, $"it uses $({unknown}), which LiveBuddy does not have")); continue; }
                var coolDown = Number(entry, "coolDown");
                var count = Number(entry, "count");
                if (coolDown is < 0 or > 86_400 || count is < 0 or > int.MaxValue) { skipped.Add(new(label, "coolDown or count is out of range")); continue; }
                commands.Add(new CustomCommand
                {
                    Name = name,
                    Response = response,
                    Level = level,
                    Cooldown = coolDown is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    Count = (int)(count ?? 0),
                    UpdatedBy = "import:nightbot",
                    UpdatedAt = now,
                });
            }
            return (commands, skipped);
        }
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The whole number in a field; -1 (out of range) when it is there but not a whole number; null when absent.</summary>
    private static long? Number(JsonElement entry, string name) =>
        entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : -1;

    /// <summary>Nightbot's userlevels (highest first): admin, owner, moderator, twitch_vip, regular, subscriber, everyone.</summary>
    private static bool TryLevel(string? userLevel, out PermissionLevel level)
    {
        level = (userLevel ?? "everyone").ToLowerInvariant() switch
        {
            "everyone" => PermissionLevel.Everyone,
            "subscriber" => PermissionLevel.Subscriber,
            // LiveBuddy has no regulars list: VIP is the nearest level above subscribers.
            "regular" or "twitch_vip" => PermissionLevel.Vip,
            "moderator" => PermissionLevel.Moderator,
            "owner" or "admin" => PermissionLevel.Broadcaster,
            _ => (PermissionLevel)(-1),
        };
        return level >= PermissionLevel.Everyone;
    }

    private static bool TryTranslate(string message, out string response, out string unknown)
    {
        string? missing = null;
        response = NightbotVariable().Replace(message, m =>
        {
            var name = m.Groups[1].Value.Trim();
            if (Variables.TryGetValue(name, out var ours)) return ours;
            missing ??= name.Split(' ', 2)[0];
            return m.Value;
        });
        // A variable inside another ($(urlfetch …$(query)…)) leaves the outer one behind, still unknown.
        if (missing is null && response.IndexOf("$(", StringComparison.Ordinal) is var at and >= 0)
            missing = response[(at + 2)..].Split(' ', ')')[0];
        unknown = missing ?? "";
        return missing is null;
    }

    [GeneratedRegex(@"\$\(([^()]*)\)")]
    private static partial Regex NightbotVariable();
}
