using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.EmbeddedDurable.Tests.Support;

/// <summary>Keeps every formatted log message, for tests about what gets logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(_messages);

    public void Dispose()
    {
    }

    sealed class CapturingLogger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}
