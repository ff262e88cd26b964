using ImagePipeline.Generation;

namespace ImagePipeline.Providers;

/// <summary>What a provider client is asked to submit.</summary>
/// <param name="GenerationId">The pipeline's id; clients that choose their own job ids (Runware taskUUID) derive them from it
/// so that a submit of unknown fate can be looked up.</param>
/// <param name="Request">The validated canonical request.</param>
/// <param name="Model">The resolved provider model id.</param>
/// <param name="CallbackUrl">Where the provider should POST webhooks (already carries the token), or null.</param>
public sealed record ProviderJobRequest(string GenerationId, GenerationRequest Request, string Model, Uri? CallbackUrl = null);
