namespace ImagePipeline.Workflow;

/// <summary>A step failed after its retries. <see cref="ErrorType"/> is the full name of the step's exception type and
/// <see cref="ErrorCode"/> the pipeline error code when the step threw a <see cref="Providers.ProviderException"/>
/// or a <see cref="StepException"/>, so the workflow can react without the original exception object (which does not
/// cross a history boundary).</summary>
public sealed class WorkflowStepFailedException : Exception
{
    public WorkflowStepFailedException(string stepName, string? errorType, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StepName = stepName;
        ErrorType = errorType;
        ErrorCode = errorCode;
    }

    public WorkflowStepFailedException() : this("unknown", null, null, "Step failed.") { }
    public WorkflowStepFailedException(string message) : this("unknown", null, null, message) { }
    public WorkflowStepFailedException(string message, Exception innerException) : this("unknown", null, null, message, innerException) { }

    public string StepName { get; }
    public string? ErrorType { get; }
    public string? ErrorCode { get; }
}
