namespace ImagePipeline.Workflow.Steps;

/// <summary>Step (activity) names. The Functions host names its activity functions after these.</summary>
public static class GenerationStepNames
{
    public const string Submit = "SubmitGeneration";
    public const string FindSubmittedJob = "FindSubmittedGeneration";
    public const string CheckStatus = "CheckGenerationStatus";
    public const string ArchiveOutput = "ArchiveGenerationOutput";
    public const string Notify = "NotifyGenerationCaller";
    public const string CancelProviderJob = "CancelProviderJob";
    public const string PublishCompletion = "PublishGenerationCompletion";
}
