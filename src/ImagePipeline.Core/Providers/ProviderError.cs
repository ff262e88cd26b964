namespace ImagePipeline.Providers;

/// <summary>Why a job failed, in the pipeline's own codes (<see cref="ProviderErrorCodes"/>) plus the provider's words.</summary>
public sealed record ProviderError(string Code, string Message, bool Retryable = false);
