namespace ImagePipeline.Pipeline;

/// <summary>An earlier submit attempt: when it began and, if its reply arrived, the provider's job id.</summary>
public sealed record SubmissionRecord(DateTimeOffset StartedAt, string? ProviderJobId);
