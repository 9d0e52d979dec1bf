using LiveBuddy.Core.Commands;

namespace LiveBuddy.Core.Polls;

/// <summary>
/// Reads <c>question | option 1 | option 2 [| …] [duration]</c>. A duration is <c>90</c> (seconds),
/// <c>90s</c>, <c>2m</c> or <c>2min</c>, given either as the last <c>|</c> part (only when two options remain
/// besides it) or as the last word of the last option (<c>| popcorn 90</c>). An option that really ends in a
/// number needs an explicit duration after it: <c>| Top 10 | 2m</c>.
/// </summary>
internal static class PollCommandLine
{
    public static bool TryParse(string args, out string question, out IReadOnlyList<string> options, out TimeSpan? duration)
    {
        question = "";
        options = [];
        duration = null;
        var parts = args.Split('|', StringSplitOptions.TrimEntries).ToList();
        if (parts.Count < 3) return false;

        if (parts.Count >= 4 && DurationText.TryParse(parts[^1], out var whole))
        {
            duration = whole;
            parts.RemoveAt(parts.Count - 1);
        }
        else
        {
            var last = parts[^1];
            var space = last.LastIndexOf(' ');
            if (space > 0 && DurationText.TryParse(last[(space + 1)..], out var trailing))
            {
                duration = trailing;
                parts[^1] = last[..space].TrimEnd();
            }
        }

        question = parts[0];
        options = parts.Skip(1).Where(p => p.Length > 0).ToArray();
        return question.Length > 0 && options.Count >= 2;
    }
}
