namespace ImagePipeline.Providers;

/// <summary>A provider webhook delivery, parsed. <see cref="Status"/> may carry only part of the job
/// (Runware sends one POST per result), so the workflow merges deliveries by output id.</summary>
public sealed record ProviderCallback(string JobId, ProviderJobStatus Status);
