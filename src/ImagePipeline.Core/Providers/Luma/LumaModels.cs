namespace ImagePipeline.Providers.Luma;

/// <summary>Luma's model ids and which of its two APIs serves each.</summary>
public static class LumaModels
{
    public const string Uni1 = "uni-1";
    public const string Uni1Max = "uni-1-max";
    public const string Photon1 = "photon-1";
    public const string PhotonFlash1 = "photon-flash-1";

    /// <summary>Photon models run on the Dream Machine API; everything else (Uni-1) on the Agents API.</summary>
    public static bool IsDreamMachine(string? model) =>
        model is not null && model.StartsWith("photon", StringComparison.OrdinalIgnoreCase);
}
