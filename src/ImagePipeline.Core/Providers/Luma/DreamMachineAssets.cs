namespace ImagePipeline.Providers.Luma;

/// <summary>The <c>assets</c> of a Dream Machine generation; <c>image</c> is set once it completed.</summary>
internal sealed record DreamMachineAssets(string? Image);
