namespace ImagePipeline.Generation;

/// <summary>How the caller's webhook delivery went; a failed delivery does not fail the generation, it is recorded here.</summary>
public sealed record NotificationSummary(bool Delivered, int Attempts, int? LastStatusCode, string? Error);
