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
        [ProvidersSection, "Api", "Pipeline", "Notifications", "Storage", "Events", "EditDrops", "Runtime", "Inbox", "Resilience", "Routing", "Security", "Maintenance"];

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

    /// <summary><c>&lt;…&gt;</c>, the sample's way of saying "put yours here".</summary>
    public static bool IsPlaceholder(string? value) =>
        value is { Length: > 2 } text && text.Trim() is var trimmed && trimmed.StartsWith('<') && trimmed.EndsWith('>');

    static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
