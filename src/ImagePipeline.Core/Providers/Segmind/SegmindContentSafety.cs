using System.Text.RegularExpressions;

namespace ImagePipeline.Providers.Segmind;

/// <summary>Segmind reports content/RAI blocks as an ordinary FAILED with a message, not as a separate state or code;
/// only the wording tells them apart from other failures.</summary>
internal static partial class SegmindContentSafety
{
    public static bool LooksLikeSafetyBlock(string? message) => message is not null && SafetyWords().IsMatch(message);

    [GeneratedRegex(@"\b(nsfw|rai|safety|moderat\w*|content[ _-]?(policy|policies|filter\w*|violation)|usage polic(y|ies)|inappropriate|prohibited|flagged|blocked|sexual|explicit|harmful|unsafe)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SafetyWords();
}
