namespace ImagePipeline.Providers.Runware;

/// <summary>The only width×height pairs Runware accepts for Luma Uni-1, by the aspect ratio they approximate.</summary>
public static class RunwareImageSizes
{
    public const string DefaultAspectRatio = "1:1";

    public static IReadOnlyDictionary<string, (int Width, int Height)> ByAspectRatio { get; } = new Dictionary<string, (int Width, int Height)>(StringComparer.Ordinal)
    {
        ["3:1"] = (3360, 1248),
        ["2:1"] = (2912, 1440),
        ["16:9"] = (2784, 1504),
        ["3:2"] = (2464, 1696),
        ["1:1"] = (2048, 2048),
        ["2:3"] = (1696, 2464),
        ["9:16"] = (1504, 2784),
        ["1:2"] = (1440, 2912),
        ["1:3"] = (1248, 3360),
    };

    /// <summary>The size for <paramref name="aspectRatio"/> (1:1 when null); false for a ratio Runware has no size for.</summary>
    public static bool TryGet(string? aspectRatio, out (int Width, int Height) size) =>
        ByAspectRatio.TryGetValue(aspectRatio ?? DefaultAspectRatio, out size);
}
