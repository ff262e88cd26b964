using System.Text.RegularExpressions;

namespace ImagePipeline.Providers.GmiCloud;

/// <summary>GMI Cloud documents no failure codes: a content-safety block can only be told from other failures by the
/// wording of its <c>error</c>.</summary>
internal static partial class GmiCloudContentSafety
{
    public static bool LooksLikeSafetyBlock(string? message) => message is not null && SafetyWords().IsMatch(message);

    [GeneratedRegex(@"\b(nsfw|safety|moderat\w*|content[ _-]?(policy|policies|filter\w*|violation)|usage polic(y|ies)|violat\w*|inappropriate|prohibited|flagged|blocked|sexual|explicit|harmful|unsafe)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SafetyWords();
}
