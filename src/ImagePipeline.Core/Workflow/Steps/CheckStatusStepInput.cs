using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <param name="ProgressEvents">Null when the caller did not ask for <c>progress</c> events (and in histories from before them).</param>
public sealed record CheckStatusStepInput(string GenerationId, string Provider, ProviderJobHandle Job, ProgressEventsInput? ProgressEvents = null);
