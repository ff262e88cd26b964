using System.CommandLine.Parsing;
using ImagePipeline.Generation;

namespace ImagePipeline.Standalone.Cli;

/// <summary><c>--provider</c>: <c>auto</c>, one provider, or a comma-separated list (<c>runware,segmind</c>), refused as
/// a usage error before anything starts when a name is not a provider.</summary>
static class ProviderSelectionArgument
{
    public static ProviderSelection? Parse(ArgumentResult result, string value)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries);
        if (names is [var single] && string.Equals(single, ProviderSelection.AutoKeyword, StringComparison.OrdinalIgnoreCase))
            return ProviderSelection.Auto;
        if (names.Length > 1 && names.Contains(ProviderSelection.AutoKeyword, StringComparer.OrdinalIgnoreCase))
            return GenerateCommand.Refuse<ProviderSelection>(result, "--provider auto stands alone, not in a list.");
        var unknown = names.Where(n => !ProviderNames.All.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count == 0) return names.Length == 1 ? ProviderSelection.One(names[0]) : ProviderSelection.List(names);
        return GenerateCommand.Refuse<ProviderSelection>(result,
            $"--provider takes auto, a provider or a comma-separated list of them ({string.Join(", ", ProviderNames.All)}); " +
            $"'{string.Join("', '", unknown)}' is not one.");
    }
}
