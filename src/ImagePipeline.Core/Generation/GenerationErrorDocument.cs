namespace ImagePipeline.Generation;

/// <summary>Why a generation failed: a pipeline error code (see <see cref="Providers.ProviderErrorCodes"/>) and a message.</summary>
public sealed record GenerationErrorDocument(string Code, string Message);
