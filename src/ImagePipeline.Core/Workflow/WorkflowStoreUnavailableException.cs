namespace ImagePipeline.Workflow;

/// <summary>The runtime cannot write its durable state (disk full, read-only folder), so it refused the call rather
/// than accept work it cannot keep. Callers answer 503 and retry after <see cref="RetryAfter"/>.</summary>
public sealed class WorkflowStoreUnavailableException : Exception
{
    public WorkflowStoreUnavailableException()
        : this("The workflow journal cannot be written.")
    {
    }

    public WorkflowStoreUnavailableException(string message)
        : this(message, TimeSpan.FromSeconds(1), null)
    {
    }

    public WorkflowStoreUnavailableException(string message, Exception? innerException)
        : this(message, TimeSpan.FromSeconds(1), innerException)
    {
    }

    public WorkflowStoreUnavailableException(string message, TimeSpan retryAfter, Exception? innerException)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan RetryAfter { get; }
}
