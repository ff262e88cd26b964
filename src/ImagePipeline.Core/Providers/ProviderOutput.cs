namespace ImagePipeline.Providers;

/// <summary>One output image as the provider reports it: a temporary URL to copy before it expires.</summary>
/// <param name="Url">Where to download it (temporary).</param>
/// <param name="Id">The provider's id for this output (Runware imageUUID, Scenario asset id, …), used to deduplicate.</param>
/// <param name="ContentType">Content type when the provider states it.</param>
public sealed record ProviderOutput(string Url, string? Id = null, string? ContentType = null);
