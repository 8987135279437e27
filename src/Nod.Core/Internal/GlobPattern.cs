namespace Nod.Internal;

/// <summary>Rule patterns: the whole subject must match, <c>*</c> matches any run of characters (PROTOCOL §4).</summary>
internal static class GlobPattern
{
    /// <summary>
    /// Wildcard match, greedy with one backtrack point: linear in practice, O(pattern × subject) at worst — which is why
    /// patterns and subjects have a length limit. Ordinal and case-sensitive.
    /// </summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> subject)
    {
        int p = 0, s = 0, starP = -1, starS = 0;
        while (s < subject.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starS = s;
            }
            else if (p < pattern.Length && pattern[p] == subject[s])
            {
                p++;
                s++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
