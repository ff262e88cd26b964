using System.Text.RegularExpressions;

namespace ImagePipeline.Providers.Scenario;

/// <summary>Scenario reports a content-safety block as an ordinary <c>failure</c> with a message; only the wording
/// tells it apart from other failures.</summary>
internal static partial class ScenarioContentSafety
{
    public static bool LooksLikeSafetyBlock(string? message) => message is not null && SafetyWords().IsMatch(message);

    [GeneratedRegex(@"\b(nsfw|safety|moderat\w*|content[ _-]?(policy|policies|filter\w*|violation)|inappropriate|prohibited|flagged|blocked|unsafe)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SafetyWords();
}
