namespace ImagePipeline.Validation;

/// <summary>Characters refused in caller text (prompt, metadata): C0/C1 control characters other than tab and line
/// breaks — a NUL or an ANSI escape would otherwise reach the provider and our logs verbatim — and the bidirectional
/// embedding/override/isolate controls that make text read differently from what it holds ("Trojan Source").</summary>
public static class ForbiddenCharacters
{
    /// <summary>Index of the first forbidden character, or -1.</summary>
    public static int IndexOfForbidden(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
            if (IsForbidden(value[i])) return i;
        return -1;
    }

    public static bool IsForbidden(char c) =>
        (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    /// <summary>How a refusal names the character, e.g. <c>U+001B at position 12</c>.</summary>
    public static string Describe(string value, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"U+{(int)value[index]:X4} at position {index}");
}
