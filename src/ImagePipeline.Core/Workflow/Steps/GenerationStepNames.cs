namespace ImagePipeline.Workflow.Steps;

/// <summary>Step (activity) names, as constants for the Functions host's <c>[Function]</c> attributes; each step is
/// defined once in <see cref="GenerationStepDefinitions"/>. Histories and journals replay by these names: never change them.</summary>
public static class GenerationStepNames
{
    public const string Submit = "SubmitGeneration";
    public const string FindSubmittedJob = "FindSubmittedGeneration";
    public const string CheckStatus = "CheckGenerationStatus";
    public const string ArchiveOutput = "ArchiveGenerationOutput";
    public const string Notify = "NotifyGenerationCaller";
    public const string CancelProviderJob = "CancelProviderJob";
    public const string PublishCompletion = "PublishGenerationCompletion";
    public const string RecordAttemptCost = "RecordAttemptCost";
}
