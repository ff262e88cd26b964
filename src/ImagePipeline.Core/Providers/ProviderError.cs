namespace ImagePipeline.Providers;

/// <summary>Why a job failed, in the pipeline's own codes (<see cref="ProviderErrorCodes"/>) plus the provider's words.</summary>
/// <param name="RetryAfter">How long the provider asked us to wait (429 Retry-After or its reset header): the workflow's
/// next look comes no sooner.</param>
public sealed record ProviderError(string Code, string Message, bool Retryable = false, TimeSpan? RetryAfter = null);
