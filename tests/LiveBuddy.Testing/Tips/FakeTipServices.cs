using System.Globalization;
using System.Text.Json.Nodes;

namespace LiveBuddy.Testing.Tips;

/// <summary>
/// Streamlabs' Socket API (dev.streamlabs.com, "Socket API"): <c>io("https://sockets.streamlabs.com?token=…")</c>,
/// events named <c>event</c> with <c>{"type","for","message":[…],"event_id"}</c>; donations have no <c>for</c> (or
/// <c>streamlabs</c>) and <c>message[]</c> items with <c>id</c>, <c>name</c>, <c>amount</c> (a string),
/// <c>formatted_amount</c>, <c>message</c>, <c>currency</c>, <c>from</c>, <c>_id</c>.
/// </summary>
public static class FakeStreamlabs
{
    public const string SocketToken = "eyJ-fake-streamlabs-socket-token";

    public static async Task<FakeSocketIoServer> StartAsync()
    {
        var server = await FakeSocketIoServer.StartAsync().ConfigureAwait(false);
        server.Admit = query => query["token"] == SocketToken;
        return server;
    }

    public static JsonObject Donation(long id, string name, decimal amount, string currency, string message) => new()
    {
        ["type"] = "donation",
        ["message"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["amount"] = amount.ToString("0.00", CultureInfo.InvariantCulture),
            ["formatted_amount"] = "$" + amount.ToString("0.00", CultureInfo.InvariantCulture),
            ["formattedAmount"] = "$" + amount.ToString("0.00", CultureInfo.InvariantCulture),
            ["message"] = message,
            ["currency"] = currency,
            ["emotes"] = null,
            ["iconClassName"] = "user",
            ["to"] = new JsonObject { ["name"] = "streamer" },
            ["from"] = name,
            ["from_user_id"] = null,
            ["_id"] = Guid.NewGuid().ToString("N"),
        }),
        ["event_id"] = "evt_" + Guid.NewGuid().ToString("N"),
    };

    /// <summary>A Twitch follow Streamlabs passes on (<c>for: twitch_account</c>): not money, Twitch reports it itself.</summary>
    public static JsonObject Follow(string name) => new()
    {
        ["type"] = "follow",
        ["for"] = "twitch_account",
        ["message"] = new JsonArray(new JsonObject { ["name"] = name, ["id"] = "12345", ["_id"] = Guid.NewGuid().ToString("N") }),
        ["event_id"] = "evt_" + Guid.NewGuid().ToString("N"),
    };

    /// <summary>A YouTube Super Chat Streamlabs passes on (<c>for: youtube_account</c>); <c>amount</c> in micros as YouTube sends it.</summary>
    public static JsonObject SuperChat(string name, decimal amount, string currency, string comment) => new()
    {
        ["type"] = "superchat",
        ["for"] = "youtube_account",
        ["message"] = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"), ["channelId"] = "UCfakeSuperChatter", ["channelUrl"] = "http://www.youtube.com/channel/UCfakeSuperChatter",
            ["name"] = name, ["comment"] = comment, ["amount"] = (amount * 1_000_000m).ToString("0", CultureInfo.InvariantCulture),
            ["currency"] = currency, ["displayString"] = "$" + amount.ToString("0.00", CultureInfo.InvariantCulture), ["messageType"] = 1,
            ["createdAt"] = "2026-12-07 20:00:00", ["_id"] = Guid.NewGuid().ToString("N"),
        }),
        ["event_id"] = "evt_" + Guid.NewGuid().ToString("N"),
    };

    /// <summary>A Twitch cheer Streamlabs passes on (<c>for: twitch_account</c>).</summary>
    public static JsonObject Bits(string name, int amount) => new()
    {
        ["type"] = "bits",
        ["for"] = "twitch_account",
        ["message"] = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"), ["name"] = name, ["amount"] = amount.ToString(CultureInfo.InvariantCulture),
            ["message"] = "cheer" + amount, ["_id"] = Guid.NewGuid().ToString("N"),
        }),
        ["event_id"] = "evt_" + Guid.NewGuid().ToString("N"),
    };
}

/// <summary>
/// StreamElements' realtime socket (c4ldas.github.io/streamelements-api/socket.html; StreamElements developer docs):
/// <c>io("https://realtime.streamelements.com", {transports:["websocket"]})</c>, then emit
/// <c>authenticate {method:"jwt", token}</c>; the server answers <c>authenticated {clientId, channelId, …}</c> or
/// <c>unauthorized</c>; activity arrives as <c>event</c> with <c>{_id, channel, type, provider, data:{…}}</c>, a tip's
/// data holding <c>tipId</c>, <c>username</c>, <c>amount</c>, <c>currency</c>, <c>message</c>.
/// </summary>
public static class FakeStreamElements
{
    public const string JwtToken = "eyJhbGciOiJIUzI1NiJ9.fake-streamelements-jwt.sig";
    public const string ChannelId = "5ad23dcc18fff500d78c5348";

    public static async Task<FakeSocketIoServer> StartAsync()
    {
        var server = await FakeSocketIoServer.StartAsync().ConfigureAwait(false);
        server.OnClientEvent = async (client, name, data) =>
        {
            if (name != "authenticate") return;
            if ((string?)data?["method"] == "jwt" && (string?)data?["token"] == JwtToken)
                await client.EmitAsync("authenticated", new JsonObject
                {
                    ["clientId"] = Guid.NewGuid().ToString("N"), ["channelId"] = ChannelId, ["project"] = "realtime", ["message"] = "successfully authenticated",
                }).ConfigureAwait(false);
            else
                await client.EmitAsync("unauthorized", new JsonObject { ["message"] = "invalid token" }).ConfigureAwait(false);
        };
        return server;
    }

    public static JsonObject Tip(string id, string username, decimal amount, string currency, string message) => new()
    {
        ["_id"] = id,
        ["channel"] = ChannelId,
        ["type"] = "tip",
        ["provider"] = "twitch",
        ["flagged"] = false,
        ["data"] = new JsonObject
        {
            ["tipId"] = "tip-" + id,
            ["username"] = username,
            ["displayName"] = username,
            ["amount"] = amount,
            ["currency"] = currency,
            ["message"] = message,
            ["avatar"] = "https://cdn.streamelements.com/static/default-avatar.png",
        },
        ["createdAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["updatedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["activityId"] = id,
    };

    /// <summary>A Twitch follow StreamElements passes on: not money, Twitch reports it itself.</summary>
    public static JsonObject Follower(string id, string username) => new()
    {
        ["_id"] = id, ["channel"] = ChannelId, ["type"] = "follow", ["provider"] = "twitch",
        ["data"] = new JsonObject { ["username"] = username, ["displayName"] = username },
        ["createdAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>A YouTube Super Chat StreamElements passes on (amount in the currency's units).</summary>
    public static JsonObject SuperChat(string id, string displayName, decimal amount, string currency, string message) => new()
    {
        ["_id"] = id, ["channel"] = ChannelId, ["type"] = "superchat", ["provider"] = "youtube",
        ["data"] = new JsonObject
        {
            ["username"] = displayName, ["displayName"] = displayName, ["amount"] = amount, ["currency"] = currency, ["message"] = message,
        },
        ["createdAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>A Twitch cheer StreamElements passes on.</summary>
    public static JsonObject Cheer(string id, string username, int amount) => new()
    {
        ["_id"] = id, ["channel"] = ChannelId, ["type"] = "cheer", ["provider"] = "twitch",
        ["data"] = new JsonObject { ["username"] = username, ["displayName"] = username, ["amount"] = amount, ["message"] = "Cheer" + amount },
        ["createdAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Ko-fi's webhook (ko-fi.com/manage/webhooks): a POST, <c>application/x-www-form-urlencoded</c>, whose field
/// <c>data</c> is the payment as JSON with <c>verification_token</c>, <c>message_id</c>, <c>timestamp</c>, <c>type</c>
/// (Donation, Subscription, Commission, Shop Order), <c>is_public</c>, <c>from_name</c>, <c>message</c>, <c>amount</c>
/// (a string), <c>currency</c>, <c>kofi_transaction_id</c>, <c>tier_name</c>…; Ko-fi retries until it gets a 200.
/// </summary>
public static class FakeKoFi
{
    public const string VerificationToken = "8c8a3f3e-1111-2222-3333-444444444444";

    public static JsonObject Donation(string fromName, decimal amount, string currency, string message, bool isPublic = true,
        string? token = VerificationToken) => new()
    {
        ["verification_token"] = token,
        ["message_id"] = Guid.NewGuid().ToString(),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["type"] = "Donation",
        ["is_public"] = isPublic,
        ["from_name"] = fromName,
        ["message"] = message,
        ["amount"] = amount.ToString("0.00", CultureInfo.InvariantCulture),
        ["url"] = "https://ko-fi.com/Home/CoffeeShop?txid=00000000-1111-2222-3333-444444444444",
        ["email"] = "jo.example@example.com",
        ["currency"] = currency,
        ["is_subscription_payment"] = false,
        ["is_first_subscription_payment"] = false,
        ["kofi_transaction_id"] = Guid.NewGuid().ToString(),
        ["shop_items"] = null,
        ["tier_name"] = null,
        ["shipping"] = null,
    };

    /// <summary>What Ko-fi posts: the form with the JSON in <c>data</c>.</summary>
    public static FormUrlEncodedContent Form(JsonObject data) => new([new KeyValuePair<string, string>("data", data.ToJsonString())]);
}
