namespace ImagePipeline.Providers;

/// <summary>What identifies a submitted job to its provider client: its id, the model it runs on (Luma routes
/// Uni-1 and Photon to different APIs), and how many outputs to wait for (Runware numberResults).</summary>
public sealed record ProviderJobHandle(string JobId, string Model, int ExpectedOutputs = 1);
