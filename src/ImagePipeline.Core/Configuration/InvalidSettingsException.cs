namespace ImagePipeline.Configuration;

/// <summary>A setting the host cannot run with (a value of the wrong type, an unknown section, a placeholder copied from
/// the sample). Its message is one line an operator can act on; hosts print it instead of a stack trace.</summary>
public sealed class InvalidSettingsException : Exception
{
    public InvalidSettingsException() { }

    public InvalidSettingsException(string message) : base(message) { }

    public InvalidSettingsException(string message, Exception innerException) : base(message, innerException) { }
}
