using ImagePipeline.Validation;

namespace ImagePipeline.Starting;

/// <summary>What starting a generation did: started it, found it already started (same idempotency key), or refused it.</summary>
public sealed record StartOutcome(string? GenerationId, bool Created, ValidationResult Validation, bool KeyConflict = false)
{
    public bool Accepted => GenerationId is not null && Validation.IsValid && !KeyConflict;
}
