namespace ImagePipeline.Workflow;

/// <summary>A continuation token this runtime did not write (or a caller edited): answered 400.</summary>
public sealed class InvalidContinuationTokenException : Exception
{
    public InvalidContinuationTokenException()
        : this("The continuation token is not one this service returned.")
    {
    }

    public InvalidContinuationTokenException(string message)
        : base(message)
    {
    }

    public InvalidContinuationTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
