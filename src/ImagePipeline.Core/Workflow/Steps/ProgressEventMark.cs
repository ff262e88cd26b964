namespace ImagePipeline.Workflow.Steps;

/// <summary>The last <c>progress</c> event a status check queued for a generation: the throttle's memory, carried by the
/// workflow from one check to the next (in the durable history, so it survives restarts and works across workers).</summary>
/// <param name="Sequence">1 for the first progress event, 2 for the next…; part of its <c>webhook-id</c>.</param>
public sealed record ProgressEventMark(DateTimeOffset SentAt, int Percent, string? ProviderStatus, int Sequence);
