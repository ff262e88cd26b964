using ImagePipeline.Providers;

namespace ImagePipeline.Workflow;

/// <summary>
/// The one place a step's failure gets its pipeline error code. Each host carries the code across its history boundary
/// as structured data, never inside the message: the embedded runtime journals it as a field of the failed step; the
/// Durable hosts attach it to the activity's failure details as the property <see cref="PropertyName"/> (the Functions
/// host's <c>DurableMappings</c> still reads the older <c>[code] message</c> prefix from histories written before).
/// </summary>
public static class StepFailureCode
{
    /// <summary>The failure-details property that carries the code on Durable Task.</summary>
    public const string PropertyName = "pipelineErrorCode";

    /// <summary>The pipeline error code of a step's exception, or null when it has none.</summary>
    public static string? Of(Exception exception) => exception switch
    {
        ProviderException provider => provider.ErrorCode,
        StepException step => step.ErrorCode,
        _ => null,
    };
}
