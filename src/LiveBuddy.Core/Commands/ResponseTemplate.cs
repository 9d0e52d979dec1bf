using System.Globalization;
using System.Text;
using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Commands;

/// <summary>
/// Fills <c>{user}</c>, <c>{touser}</c>, <c>{args}</c>, <c>{count}</c>, <c>{uptime}</c>, <c>{platform}</c>, <c>{channel}</c> and
/// <c>{count:name}</c> (a named counter, <see cref="CounterBoard"/>) in a response.
/// </summary>
internal static class ResponseTemplate
{
    public static string Render(string template, FeatureContext context, Platform platform, string channel,
        Author? user = null, string args = "", int count = 0, CounterBoard? counters = null)
    {
        if (!template.Contains('{', StringComparison.Ordinal)) return template;
        var builder = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }
            builder.Append(template, i, open - i);
            var name = template.AsSpan(open + 1, close - open - 1);
            var value = Value(name, context, platform, channel, user, args, count, counters);
            if (value is null) builder.Append(template, open, close - open + 1); // unknown: leave as typed
            else builder.Append(value);
            i = close + 1;
        }
        return builder.ToString();
    }

    private static string? Value(ReadOnlySpan<char> name, FeatureContext context, Platform platform, string channel,
        Author? user, string args, int count, CounterBoard? counters)
    {
        if (counters is not null && name.StartsWith("count:", StringComparison.OrdinalIgnoreCase))
            return counters.ValueOf(name["count:".Length..].ToString())?.ToString(CultureInfo.InvariantCulture);
        if (name.Equals("user", StringComparison.OrdinalIgnoreCase)) return user?.DisplayName ?? "";
        if (name.Equals("touser", StringComparison.OrdinalIgnoreCase))
        {
            var first = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return first is null ? user?.DisplayName ?? "" : first.TrimStart('@');
        }
        if (name.Equals("args", StringComparison.OrdinalIgnoreCase)) return args;
        if (name.Equals("count", StringComparison.OrdinalIgnoreCase)) return count.ToString(CultureInfo.InvariantCulture);
        if (name.Equals("uptime", StringComparison.OrdinalIgnoreCase)) return Uptime(context);
        if (name.Equals("platform", StringComparison.OrdinalIgnoreCase)) return platform.ToWire();
        if (name.Equals("channel", StringComparison.OrdinalIgnoreCase)) return channel;
        return null;
    }

    private static string Uptime(FeatureContext context)
    {
        if (context.Session is not { } session) return "offline";
        var age = context.Now - session.StartedAt;
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        return age.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h {age.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{age.Minutes}m {age.Seconds}s");
    }
}
