using Google.Apis.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LiveBuddy.YouTube.Api;

/// <summary>
/// Reads a <c>liveChatMessages.list</c> page so that one item of a shape nobody expected (an object where a string
/// belongs, an array for a flag) costs only that item. The tolerant serializer already shrugs off values that do not
/// convert; anything worse used to fail the whole page, which the poller asked for again with the same page token,
/// so the stream's chat stopped for good. Such a page is read again as a JSON tree, each item on its own: an item
/// that still does not read becomes null, which the poller skips and counts as malformed.
/// </summary>
internal static class ChatPageReader
{
    public static LiveChatMessageListResponse Read(string json, NewtonsoftJsonSerializer serializer, JsonSerializerSettings settings)
    {
        try
        {
            return serializer.Deserialize<LiveChatMessageListResponse>(json);
        }
        catch (JsonException)
        {
            // Not JSON at all, or cut short: that is the page's fault as a whole, and loading it says so. Loading a
            // tree walks the text without recursion, so it takes any depth; an item nested deeper than the
            // serializer's limit is dropped before anything recursive looks at it.
            JObject page;
            using (var text = new StringReader(json))
            using (var tree = new JsonTextReader(text) { MaxDepth = null, DateParseHandling = DateParseHandling.None })
                page = JObject.Load(tree);
            var reader = JsonSerializer.Create(settings);
            if (page["items"] is JArray items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (!Readable(items[i], reader)) items[i] = JValue.CreateNull();
                }
            }
            return page.ToObject<LiveChatMessageListResponse>(reader)!;
        }
    }

    // A property and its value count a level each here, so a real item is under 12 deep; the
    // serializer gives up past 64 levels of the whole page.
    private const int MaxItemDepth = 48;

    private static bool Readable(JToken item, JsonSerializer reader)
    {
        if (DeeperThan(item, MaxItemDepth)) return false;
        try
        {
            item.ToObject<LiveChatMessage>(reader);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool DeeperThan(JToken root, int limit)
    {
        var pending = new Stack<(JToken Token, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (token, depth) = pending.Pop();
            if (depth > limit) return true;
            if (token is JContainer container)
                foreach (var child in container.Children()) pending.Push((child, depth + 1));
        }
        return false;
    }
}
