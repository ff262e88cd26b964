
namespace ImagePipeline.Generation;

/// <summary>One provider the generation was sent to (or refused by), as the status document lists it.</summary>
/// <param name="Outcome">One of <see cref="AttemptOutcomes"/>.</param>
public sealed record GenerationAttempt(
    string Provider,
    string Model,
    string Outcome,
    string? ProviderJobId = null,
    GenerationErrorDocument? Error = null,
    AttemptCost? Cost = null);
