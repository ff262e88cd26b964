using ImagePipeline.Generation;
using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <summary>An attempt whose provider job ended: what the provider reported it cost, if anything, and what it made.</summary>
/// <param name="Images">Outputs delivered (0 unless it succeeded): an estimate prices those.</param>
public sealed record AttemptCostStepInput(string GenerationId, int Attempt, string Provider, string Model, GenerationRequest Request,
    ProviderJobState EndedIn, ProviderCost? Reported, int Images);
