using LiveBuddy.Scoring.Emotes;

namespace LiveBuddy.Scoring.Highlights;

/// <summary>What kind of reaction a chat line is, for naming a highlight.</summary>
public enum ReactionKind
{
    Other,
    Laugh,
    Hype,
    Sad,
}

/// <summary>Names a chat line's reaction from its emotes first, then from common laugh/hype/sad words.</summary>
public static class MomentClassifier
{
    public static ReactionKind Classify(ReadOnlySpan<char> text, EmoteTable emotes)
    {
        ArgumentNullException.ThrowIfNull(emotes);
        int laugh = 0, hype = 0, sad = 0;
        foreach (var range in text.Split(' '))
        {
            var token = text[range];
            if (token.IsEmpty) continue;
            if (emotes.TryGet(token, out var emote))
            {
                switch (emote.Category)
                {
                    case EmoteCategory.Laugh: laugh++; break;
                    case EmoteCategory.Hype or EmoteCategory.Love: hype++; break;
                    case EmoteCategory.Sad: sad++; break;
                }
                continue;
            }
            if (IsLaugh(token)) laugh++;
            else if (token.StartsWith("pog", StringComparison.OrdinalIgnoreCase) || token.Equals("insane", StringComparison.OrdinalIgnoreCase)
                || token.StartsWith("letsgo", StringComparison.OrdinalIgnoreCase) || token.StartsWith("clutch", StringComparison.OrdinalIgnoreCase)
                || token.StartsWith("hype", StringComparison.OrdinalIgnoreCase) || token.Equals("W", StringComparison.Ordinal)) hype++;
            else if (token.Equals("F", StringComparison.Ordinal) || token.StartsWith("rip", StringComparison.OrdinalIgnoreCase)
                || token.StartsWith("nooo", StringComparison.OrdinalIgnoreCase) || token.Equals("sad", StringComparison.OrdinalIgnoreCase)) sad++;
        }
        if (laugh == 0 && hype == 0 && sad == 0) return ReactionKind.Other;
        return laugh >= hype && laugh >= sad ? ReactionKind.Laugh : hype >= sad ? ReactionKind.Hype : ReactionKind.Sad;
    }

    private static bool IsLaugh(ReadOnlySpan<char> token) =>
        token.StartsWith("lol", StringComparison.OrdinalIgnoreCase) || token.StartsWith("lmao", StringComparison.OrdinalIgnoreCase)
        || token.StartsWith("lmfao", StringComparison.OrdinalIgnoreCase) || token.StartsWith("haha", StringComparison.OrdinalIgnoreCase)
        || token.StartsWith("jaja", StringComparison.OrdinalIgnoreCase) || token.StartsWith("kkkk", StringComparison.OrdinalIgnoreCase)
        || token.StartsWith("mdr", StringComparison.OrdinalIgnoreCase) || token.StartsWith("xd", StringComparison.OrdinalIgnoreCase);
}
