using Microsoft.Extensions.Logging;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>Drops log records while the workflow replays, so each line is written once per real event.</summary>
internal sealed class ReplaySafeLogger(ILogger inner, WorkflowExecution execution) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !execution.IsReplaying && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!execution.IsReplaying)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
