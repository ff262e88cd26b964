using System.Text.RegularExpressions;

namespace ImagePipeline.Providers.Runware;

/// <summary>Tells a content-safety block from other failures by Runware's error code or wording.</summary>
internal static partial class RunwareContentSafety
{
    public static bool LooksLikeSafetyBlock(string? code, string? message) =>
        (code is not null && SafetyWords().IsMatch(code)) || (message is not null && SafetyWords().IsMatch(message));

    // No \b: Runware codes are camelCase ("contentModerationFailed", "nsfwContentDetected").
    [GeneratedRegex(@"nsfw|safety|moderat|content ?policy|contentpolicy|inappropriate|prohibited|unsafe",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SafetyWords();
}
