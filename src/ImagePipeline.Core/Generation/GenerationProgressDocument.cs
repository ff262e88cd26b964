namespace ImagePipeline.Generation;

/// <summary>Progress as the status API shows it: percent (0–100) and the provider's own status word.</summary>
public sealed record GenerationProgressDocument(int Percent, string? ProviderStatus);
