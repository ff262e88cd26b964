namespace ImagePipeline.Workflow;

/// <summary>A step's own failure with a pipeline error code (see <see cref="Providers.ProviderErrorCodes"/>).
/// Hosts carry <see cref="ErrorCode"/> across to <see cref="WorkflowStepFailedException.ErrorCode"/> as
/// <see cref="StepFailureCode"/> describes.</summary>
public sealed class StepException : Exception
{
    public StepException(string errorCode, string message, Exception? innerException = null) : base(message, innerException) => ErrorCode = errorCode;
    public StepException() : this("unknown", "Step failed.") { }
    public StepException(string message) : this("unknown", message) { }
    public StepException(string message, Exception innerException) : this("unknown", message, innerException) { }

    public string ErrorCode { get; }
}
