using System.Text.Json.Nodes;

namespace LiveBuddy.Testing.Fuzz;

/// <summary>
/// Deterministic structural mutations of a JSON document for fuzz tests: a value of the wrong type (numbers as
/// strings and back, objects for strings, arrays, null), a missing or unknown property, an odd enum string, a
/// huge string or a deep nest. Works on a copy; the input is left alone.
/// </summary>
public sealed class JsonMutator(Random random)
{
    private readonly TextMutator _text = new(random);

    public Random Random => _text.Random;

    /// <summary>A copy of <paramref name="node"/> with one to three mutations somewhere inside it.</summary>
    public JsonNode Mutate(JsonNode node)
    {
        var copy = node.DeepClone();
        var rounds = 1 + Random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            var (parent, key) = PickSlot(copy);
            if (parent is null) break;
            MutateSlot(parent, key);
        }
        return copy;
    }

    /// <summary>The text of <paramref name="json"/> with a few characters flipped, cut or doubled.</summary>
    public string MutateText(string json) => _text.Mutate(json);

    /// <summary>Picks a random property or array slot anywhere in the tree (the root itself excluded).</summary>
    private (JsonNode? Parent, object? Key) PickSlot(JsonNode root)
    {
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        if (slots.Count == 0) return (root is JsonObject ? root : null, root is JsonObject ? "unexpected" : null);
        return slots[Random.Next(slots.Count)];
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    slots.Add((o, key));
                    if (child is not null) Collect(child, slots);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } child) Collect(child, slots);
                }
                break;
        }
    }

    private void MutateSlot(JsonNode parent, object? key)
    {
        var current = key switch
        {
            string k when parent is JsonObject o => o[k],
            int i when parent is JsonArray a => a[i],
            _ => null,
        };
        if (parent is JsonObject obj && key is string name && Random.Next(6) == 0)
        {
            // Missing field, or an extra one nobody knows.
            if (Random.Next(2) == 0) obj.Remove(name);
            else obj["x_" + Random.Next(1000)] = WrongValue(current);
            return;
        }
        var replacement = WrongValue(current);
        if (parent is JsonObject o2 && key is string k2) o2[k2] = replacement;
        else if (parent is JsonArray a2 && key is int i2) a2[i2] = replacement;
    }

    /// <summary>A value in place of <paramref name="current"/>: usually of another type, sometimes a twisted one of the same.</summary>
    private JsonNode? WrongValue(JsonNode? current)
    {
        var kind = current?.GetValueKind();
        switch (Random.Next(12))
        {
            case 0: return null;
            case 1: return JsonValue.Create(Random.Next(3) == 0 ? -1 : Random.Next(2) == 0 ? long.MaxValue : 0);
            case 2: return JsonValue.Create(Random.NextDouble() * 1e12);
            case 3: return JsonValue.Create(Random.Next(2) == 0);
            case 4: return new JsonArray(JsonValue.Create("a"), JsonValue.Create(1));
            case 5: return new JsonObject { ["nested"] = JsonValue.Create("x") };
            case 6: return JsonValue.Create(new string('x', Random.Next(20) == 0 ? 100_000 : 1_000 + Random.Next(4_000)));
            case 7: return Deep(Random.Next(10, 200));
            case 8 when kind == System.Text.Json.JsonValueKind.String:
                // A number-looking string or an odd enum-like value of the right type.
                return JsonValue.Create(_text.Random.Next(2) == 0 ? _text.RandomNumber() : _text.Mutate(current!.GetValue<string>()));
            case 9 when kind == System.Text.Json.JsonValueKind.Number:
                return JsonValue.Create(current!.ToJsonString()); // the number as a string
            case 10:
                return JsonValue.Create(Random.Next(3) switch
                {
                    0 => "2026-02-30T25:61:00Z",
                    1 => "\uD83D",
                    _ => "<img src=x onerror=alert(1)>\u202E\u200B",
                });
            default:
                return JsonValue.Create(_text.RandomNumber());
        }
    }

    private static JsonNode Deep(int depth)
    {
        JsonNode node = JsonValue.Create(1);
        for (var i = 0; i < depth; i++) node = new JsonObject { ["d"] = node };
        return node;
    }
}
