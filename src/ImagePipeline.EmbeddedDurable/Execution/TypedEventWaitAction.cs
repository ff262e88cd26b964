using System.Text.Json;
using ImagePipeline.Serialization;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>An event wait that hands the payload to the workflow as <typeparamref name="T"/>.</summary>
internal sealed class TypedEventWaitAction<T>(WorkflowExecution execution, int seq, string name) : EventWaitAction(execution, seq, name)
{
    readonly TaskCompletionSource<T> _received = new();

    public Task<T> Task => _received.Task;

    public override void Deliver(JsonElement? payload)
    {
        try
        {
            _received.TrySetResult(Deserialize(payload));
        }
        catch (JsonException ex)
        {
            _received.TrySetException(ex);
        }
    }

    public override void SetCanceled(CancellationToken cancellationToken) => _received.TrySetCanceled(cancellationToken);

    public static T Deserialize(JsonElement? payload) =>
        payload is { } element ? element.Deserialize<T>(WorkflowJson.Options)! : default!;
}
