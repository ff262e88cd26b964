namespace ImagePipeline.Providers.Luma;

/// <summary>A Dream Machine image reference: a URL Luma downloads, and how strongly it guides the result.</summary>
internal sealed record DreamMachineImageRef(string Url, double Weight);
