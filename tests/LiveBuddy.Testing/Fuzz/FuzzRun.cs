using System.Globalization;
using System.Text;

namespace LiveBuddy.Testing.Fuzz;

/// <summary>Runs fuzz cases and turns the first failure into a message that shows the input, readable and replayable.</summary>
public static class FuzzRun
{
    /// <summary>
    /// Calls <paramref name="check"/> for <paramref name="cases"/> inputs from <paramref name="make"/>; throws with
    /// the case number and the (escaped, shortened) input of the first one that throws.
    /// </summary>
    public static void Cases<T>(int cases, Func<int, T> make, Action<T> check, Func<T, string>? show = null)
    {
        for (var i = 0; i < cases; i++)
        {
            var input = make(i);
            try
            {
                check(input);
            }
            catch (Exception ex)
            {
                var shown = show?.Invoke(input) ?? input?.ToString() ?? "null";
                throw new FuzzFailure($"case {i}: {ex.GetType().Name}: {ex.Message}\ninput: {Escape(shown)}", ex);
            }
        }
    }

    /// <summary>The text with control, non-ASCII and surrogate characters as \uXXXX, cut to a readable length.</summary>
    public static string Escape(string text, int max = 600)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            if (c is >= ' ' and < (char)0x7F) sb.Append(c);
            else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        if (text.Length > max) sb.Append(CultureInfo.InvariantCulture, $"… ({text.Length} chars)");
        return sb.ToString();
    }
}

public sealed class FuzzFailure(string message, Exception inner) : Exception(message, inner);
