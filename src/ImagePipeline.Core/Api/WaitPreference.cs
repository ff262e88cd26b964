using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ImagePipeline.Api;

/// <summary>RFC 7240's <c>Prefer: wait=N</c>: how long a caller is willing to hold the request open for a final answer.
/// At most <see cref="MaxSeconds"/> (larger values are clamped, as Replicate does); a header that is not understood is
/// ignored, as RFC 7240 asks.</summary>
public static class WaitPreference
{
    public const string PreferHeader = "Prefer";
    public const string AppliedHeader = "Preference-Applied";
    public const int MaxSeconds = 60;

    /// <summary>The wait in whole seconds, or null when the caller did not ask for one.</summary>
    public static int? Parse(StringValues prefer)
    {
        if (prefer.Count == 0 || !NameValueHeaderValue.TryParseList(prefer, out var preferences)) return null;
        foreach (var preference in preferences)
        {
            if (!preference.Name.Equals("wait", StringComparison.OrdinalIgnoreCase)) continue;
            var value = HeaderUtilities.RemoveQuotes(preference.Value).ToString();
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return null;
            return (int)Math.Min(seconds, MaxSeconds);
        }
        return null;
    }

    public static string Applied(int seconds) => "wait=" + seconds.ToString(CultureInfo.InvariantCulture);
}
