namespace ImagePipeline.Providers;

/// <summary>A provider's answer to a submit: its job id and, when the reply already says so, the job's status.</summary>
public sealed record ProviderSubmission(string JobId, ProviderJobStatus? Status = null);
