using ImagePipeline.Generation;
using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Configuration;

/// <summary>Mistakes the binder would silently accept, refused at start with one line: a provider section nobody reads
/// (<c>Providers__Segmnd__ApiKey</c> leaves Segmind unconfigured without a word) and a placeholder copied from the
/// sample (<c>&lt;segmind-api-key&gt;</c> would otherwise count as a key and fail every submit as unauthorized).</summary>
public static class SettingsCheck
{
    public const string ProvidersSection = "Providers";

    /// <summary>The sections this app owns; placeholders are looked for only there (the environment holds other
    /// programs' variables too).</summary>
    static readonly string[] OwnSections =
        [ProvidersSection, "Api", "Pipeline", "Notifications", "Storage", "Events", "EditDrops", "Runtime", "Inbox", "Resilience", "Routing", "Security", "Maintenance", "Pricing", "Budget"];

    /// <exception cref="InvalidSettingsException">The first mistake found.</exception>
    public static void EnsureValid(IConfiguration configuration, IReadOnlyCollection<string> knownProviderSections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(knownProviderSections);
        foreach (var section in configuration.GetSection(ProvidersSection).GetChildren())
        {
            if (knownProviderSections.Contains(section.Key, StringComparer.OrdinalIgnoreCase)) continue;
            var suggestion = NearestName.Find(section.Key, knownProviderSections);
            throw new InvalidSettingsException(
                $"Unknown provider section {section.Path} ({Variable(section.Path)}__…)"
                + (suggestion is null ? "" : $"; did you mean {ProvidersSection}:{suggestion}?")
                + $" Known providers: {string.Join(", ", knownProviderSections)}.");
        }

        foreach (var name in OwnSections)
        {
            foreach (var (key, value) in configuration.GetSection(name).AsEnumerable())
            {
                if (IsPlaceholder(value))
                {
                    throw new InvalidSettingsException(
                        $"Setting {key} ({Variable(key)}) is the placeholder '{value}' from the sample: set the real value, or leave it empty if unused.");
                }
            }
        }
    }

    /// <summary>A section keyed by provider (<c>Pricing:{provider}</c>, <c>Budget:{provider}</c>) refuses a key that is
    /// not a provider: <c>Budget__Segmnd__DailyUsd</c> would otherwise be no budget at all, without a word.</summary>
    /// <exception cref="InvalidSettingsException">The first unknown key.</exception>
    public static void EnsureProviderKeyed(IConfiguration configuration, string sectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var section in configuration.GetSection(sectionName).GetChildren())
        {
            if (ProviderNames.IsKnown(section.Key)) continue;
            var suggestion = NearestName.Find(section.Key, ProviderNames.All);
            throw new InvalidSettingsException(
                $"Unknown provider {section.Key} in {section.Path} ({Variable(section.Path)}__…)"
                + (suggestion is null ? "" : $"; did you mean {sectionName}:{suggestion}?")
                + $" Known providers: {string.Join(", ", ProviderNames.All)}.");
        }
    }

    /// <summary><c>&lt;…&gt;</c>, the sample's way of saying "put yours here".</summary>
    public static bool IsPlaceholder(string? value) =>
        value is { Length: > 2 } text && text.Trim() is var trimmed && trimmed.StartsWith('<') && trimmed.EndsWith('>');

    static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
