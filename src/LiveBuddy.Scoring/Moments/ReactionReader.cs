using LiveBuddy.Core.Moments;
using LiveBuddy.Scoring.Emotes;

namespace LiveBuddy.Scoring.Moments;

/// <summary>
/// Reads what kind of reaction a chat line is (funny, hype, sad, shock, wholesome, angry) from its emotes first
/// (their category in <c>emotes.tsv</c>: KEKW/LUL → funny, Sadge/F → sad, monkaS → shock…), then from common
/// reaction words ("lmao", "W", "rip", "wtf", "aww", "trash"). Most lines are no reaction at all.
/// </summary>
public static class ReactionReader
{
    /// <summary>The line's reaction, or null; <paramref name="onEmote"/> is called for each known emote it uses.</summary>
    public static MomentKind? Read(ReadOnlySpan<char> text, EmoteTable emotes, Action<string>? onEmote = null)
    {
        ArgumentNullException.ThrowIfNull(emotes);
        Span<int> votes = stackalloc int[6];
        foreach (var range in text.Split(' '))
        {
            var token = text[range];
            if (token.IsEmpty) continue;
            // o7 is a salute: in a burst it is chat paying respects to a loss.
            if (token.SequenceEqual("o7")) { votes[(int)MomentKind.Sad] += 2; continue; }
            if (emotes.TryGet(token, out var emote))
            {
                onEmote?.Invoke(emote.Name);
                if (FromCategory(emote.Category) is { } kind) votes[(int)kind] += 2; // an emote says more than a word
                continue;
            }
            if (FromWord(token) is { } word) votes[(int)word]++;
        }
        var best = -1;
        for (var k = 0; k < votes.Length; k++)
        {
            if (votes[k] > 0 && (best < 0 || votes[k] > votes[best])) best = k;
        }
        return best < 0 ? null : (MomentKind)best;
    }

    private static MomentKind? FromCategory(EmoteCategory category) => category switch
    {
        EmoteCategory.Laugh => MomentKind.Funny,
        EmoteCategory.Hype => MomentKind.Hype,
        EmoteCategory.Love => MomentKind.Wholesome,
        EmoteCategory.Sad => MomentKind.Sad,
        EmoteCategory.Fear => MomentKind.Shock,
        EmoteCategory.Angry => MomentKind.Angry,
        _ => null,
    };

    private static MomentKind? FromWord(ReadOnlySpan<char> token)
    {
        var word = token.Trim("!?.,:;\"'");
        if (word.IsEmpty) return token.Length >= 2 && token.IndexOfAnyExcept('?', '!') < 0 ? MomentKind.Shock : null; // "??", "!!!"
        if (Starts(word, "lol") || Starts(word, "lmao") || Starts(word, "lmfao") || Starts(word, "haha") || Starts(word, "jaja")
            || Starts(word, "kkkk") || Starts(word, "xd") || Starts(word, "mdr") || Starts(word, "ahah")) return MomentKind.Funny;
        if (Starts(word, "pog") || Starts(word, "letsgo") || Starts(word, "clutch") || Starts(word, "hype") || Is(word, "insane")
            || Is(word, "goat") || Is(word, "huge") || word.SequenceEqual("W") || word.SequenceEqual("GG")) return MomentKind.Hype;
        if (word.SequenceEqual("F") || Starts(word, "rip") || Starts(word, "nooo") || Is(word, "sad")
            || Starts(word, "noo")) return MomentKind.Sad;
        if (Is(word, "wtf") || Starts(word, "omg") || Starts(word, "holy") || Is(word, "huh")
            || Starts(word, "yoo")) return MomentKind.Shock;
        if (Starts(word, "aww") || Is(word, "wholesome") || Is(word, "cute") || Is(word, "congrats") || Is(word, "love")
            || word.SequenceEqual("<3")) return MomentKind.Wholesome;
        if (Is(word, "trash") || Is(word, "cheater") || Is(word, "scam") || Is(word, "garbage") || Is(word, "robbed")
            || Is(word, "rigged") || word.SequenceEqual("L")) return MomentKind.Angry;
        return null;
    }

    private static bool Starts(ReadOnlySpan<char> word, string prefix) => word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    private static bool Is(ReadOnlySpan<char> word, string other) => word.Equals(other, StringComparison.OrdinalIgnoreCase);
}
