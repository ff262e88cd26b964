namespace ImagePipeline.Configuration;

/// <summary>"Did you mean …?" for a misspelt name (a request field, a settings section): the known name closest to what
/// was written, compared without case, underscores or dashes (so <c>aspect_ratio</c> finds <c>aspectRatio</c>), when it
/// is close enough to be a plausible typo.</summary>
public static class NearestName
{
    public static string? Find(string written, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(known);
        var target = Normalize(written);
        if (target.Length == 0) return null;
        // A third of the length in edits (at least one) still reads as the same word; more is a different word.
        var allowed = Math.Max(1, target.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(target, Normalize(candidate));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return bestDistance <= allowed ? best : null;
    }

    static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or ' ' or '.')).Select(char.ToLowerInvariant));

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swapped neighbours.</summary>
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
