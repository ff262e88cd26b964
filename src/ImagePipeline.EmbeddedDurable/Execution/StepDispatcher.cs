using System.Threading.Channels;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>
/// The bounded worker pool that runs steps: a fixed number of asynchronous workers (no thread each) take attempts
/// from one queue, so at most that many steps run at once across all instances. When the runtime stops, running
/// attempts are abandoned without an outcome; they run again after the next start (at-least-once, like activities).
/// </summary>
internal sealed class StepDispatcher
{
    readonly Channel<StepWorkItem> _queue = Channel.CreateUnbounded<StepWorkItem>();
    readonly IWorkflowStepInvoker _steps;
    readonly ILogger _logger;
    readonly CancellationToken _stopping;

    public StepDispatcher(IWorkflowStepInvoker steps, ILogger logger, CancellationToken stopping)
    {
        _steps = steps;
        _logger = logger;
        _stopping = stopping;
    }

    public void Start(int workerCount)
    {
        for (var i = 0; i < workerCount; i++)
        {
            _ = Task.Run(WorkAsync, CancellationToken.None);
        }
    }

    public void Dispatch(StepWorkItem item) => _queue.Writer.TryWrite(item);

    public void Stop() => _queue.Writer.TryComplete();

    async Task WorkAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                // ReadAsync hands each item to one idle worker (WaitToReadAsync would wake them all).
                if (!reader.TryRead(out var item))
                {
                    item = await reader.ReadAsync(_stopping).ConfigureAwait(false);
                }

                await RunAsync(item).ConfigureAwait(false);
            }
        }
        catch (ChannelClosedException)
        {
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    async Task RunAsync(StepWorkItem item)
    {
        StepOutcome outcome;
        try
        {
            var result = await _steps.InvokeAsync(item.StepName, item.Input, _stopping).ConfigureAwait(false);
            outcome = StepOutcome.Success(result.Clone());
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Step {StepName} of workflow {InstanceId} failed", item.StepName, item.Runner.InstanceId);
            outcome = StepOutcome.Failure(ex);
        }

        if (!_stopping.IsCancellationRequested)
        {
            item.Runner.OnStepFinished(item.Seq, outcome);
        }
    }
}
