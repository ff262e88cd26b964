using System.Text.RegularExpressions;

namespace ImagePipeline.Providers.Http;

/// <summary>
/// Tells a content-safety block from other failures by its wording: Segmind, GMI Cloud and Scenario report one as an
/// ordinary failure with a message, and Runware's error codes (<c>contentModerationFailed</c>) only name it. Each
/// provider keeps its own vocabulary: a word that means a block at one provider ("rai" at Segmind, "violates" in an
/// OpenAI-style usage-policy text) is an ordinary failure message elsewhere.
/// </summary>
internal static partial class ContentSafetyMessages
{
    /// <summary>A provider's free-text failure message naming a safety block, matched as whole words.</summary>
    public static bool LooksLikeSafetyBlock(string? message, ContentSafetyWording wording) => message is not null && (wording switch
    {
        ContentSafetyWording.Segmind => SegmindWords(),
        ContentSafetyWording.GmiCloud => GmiCloudWords(),
        _ => ScenarioWords(),
    }).IsMatch(message);

    /// <summary>A camelCase error code (<c>nsfwContentDetected</c>) or its message naming a safety block, matched
    /// anywhere in the text because such codes run their words together.</summary>
    public static bool LooksLikeSafetyBlockCode(string? code, string? message) =>
        (code is not null && SafetyTerms().IsMatch(code)) || (message is not null && SafetyTerms().IsMatch(message));

    [GeneratedRegex(@"\b(nsfw|rai|safety|moderat\w*|content[ _-]?(policy|policies|filter\w*|violation)|usage polic(y|ies)|inappropriate|prohibited|flagged|blocked|sexual|explicit|harmful|unsafe)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SegmindWords();

    [GeneratedRegex(@"\b(nsfw|safety|moderat\w*|content[ _-]?(policy|policies|filter\w*|violation)|usage polic(y|ies)|violat\w*|inappropriate|prohibited|flagged|blocked|sexual|explicit|harmful|unsafe)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GmiCloudWords();

    [GeneratedRegex(@"\b(nsfw|safety|moderat\w*|content[ _-]?(policy|policies|filter\w*|violation)|inappropriate|prohibited|flagged|blocked|unsafe)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScenarioWords();

    // Without word bounds the list stays short: "rai" or "explicit" would also match inside ordinary words ("constraint").
    [GeneratedRegex(@"nsfw|safety|moderat|content ?policy|contentpolicy|inappropriate|prohibited|unsafe",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SafetyTerms();
}
