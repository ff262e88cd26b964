namespace ImagePipeline.Testing.Simulators;

/// <summary>How a <see cref="QueuedJob"/> settled: with its output's URL, or failed with the provider's message.</summary>
internal sealed record QueuedJobOutcome(Uri? OutputUrl, string? FailureMessage);
