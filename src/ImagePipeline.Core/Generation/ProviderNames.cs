namespace ImagePipeline.Generation;

/// <summary>The provider names accepted in requests and configuration (case-insensitive).</summary>
public static class ProviderNames
{
    public const string Segmind = "segmind";
    public const string Scenario = "scenario";
    public const string Runware = "runware";
    public const string GmiCloud = "gmicloud";
    public const string Luma = "luma";
    public const string Mock = "mock";

    public static IReadOnlyList<string> All { get; } = [Segmind, Scenario, Runware, GmiCloud, Luma, Mock];

    public static bool IsKnown(string? name) =>
        name is not null && All.Contains(name, StringComparer.OrdinalIgnoreCase);
}
