namespace Nod.Internal;

/// <summary>The short text an activity entry shows of a longer one (a request's description, a message).</summary>
internal static class TextPreview
{
    private const int MaxLength = 280;

    /// <summary>
    /// The text itself when short, else its first 280 characters and "…" — one fewer when the cut would split a
    /// surrogate pair, whose lone half would reach people as U+FFFD.
    /// </summary>
    public static string? Of(string? text)
    {
        if (text is null || text.Length <= MaxLength)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Concat(text.AsSpan(0, length), "…");
    }
}
