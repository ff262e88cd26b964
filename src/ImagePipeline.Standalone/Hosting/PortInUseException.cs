namespace ImagePipeline.Standalone.Hosting;

/// <summary>Another process already listens where this host was told to: an operator's fix, reported as one line.</summary>
public sealed class PortInUseException : Exception
{
    public PortInUseException() { }

    public PortInUseException(string message) : base(message) { }

    public PortInUseException(string message, Exception innerException) : base(message, innerException) { }
}
