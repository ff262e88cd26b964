using System.Text.Json;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>One attempt of a step call; retries are separate attempts with a durable timer between them.</summary>
internal sealed class StepAction(WorkflowExecution execution, int seq, string name, JsonElement input) : PendingAction(execution, seq)
{
    readonly TaskCompletionSource<StepOutcome> _outcome = new();

    public string Name { get; } = name;

    public JsonElement Input { get; } = input;

    public Task<StepOutcome> Task => _outcome.Task;

    public void Complete(StepOutcome outcome) => _outcome.TrySetResult(outcome);

    public override void SetCanceled(CancellationToken cancellationToken) => _outcome.TrySetCanceled(cancellationToken);
}
