using Microsoft.Extensions.Logging;

namespace ImagePipeline.Workflow;

/// <summary>
/// What a workflow may use, with Durable Functions semantics: the workflow is replayed from its history, so it must be
/// deterministic. Time, timers, external events and step (activity) calls come only from here; no clock, randomness
/// or I/O in the workflow itself. Implemented over <c>TaskOrchestrationContext</c> by the Functions host and by the
/// embedded journal runtime in the standalone host.
/// </summary>
public interface IWorkflowContext
{
    string InstanceId { get; }

    /// <summary>The replay-safe current time (the time of the event being processed).</summary>
    DateTime CurrentUtcDateTime { get; }

    bool IsReplaying { get; }

    /// <summary>Runs a named step (activity) with JSON-serialisable input and output. A failed step surfaces as
    /// <see cref="WorkflowStepFailedException"/> once its retry policy is exhausted.</summary>
    Task<TResult> CallStepAsync<TResult>(string stepName, object? input, StepRetryPolicy? retryPolicy = null);

    /// <summary>A durable timer. Cancelling the token cancels the timer (the Task then ends as canceled).</summary>
    Task CreateTimerAsync(DateTime fireAtUtc, CancellationToken cancellationToken);

    /// <summary>Waits for the next external event of that name (events raised before the wait are buffered).
    /// Cancelling the token stops waiting (the Task then ends as canceled).</summary>
    Task<T> WaitForEventAsync<T>(string eventName, CancellationToken cancellationToken);

    /// <summary>Publishes a small JSON-serialisable status visible to status queries.</summary>
    void SetCustomStatus(object? customStatus);

    /// <summary>A logger that stays silent while the workflow replays.</summary>
    ILogger CreateReplaySafeLogger(string categoryName);
}
