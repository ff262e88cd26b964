namespace ImagePipeline.Drops;

/// <summary>The result of processing one drop: what happened, the generation it maps to, and why it was rejected.</summary>
public sealed record EditDropOutcome(EditDropDisposition Disposition, string? GenerationId, string? Reason = null)
{
    public static EditDropOutcome Ignored { get; } = new(EditDropDisposition.Ignored, null);
}
