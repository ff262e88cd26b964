using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using P = Microsoft.DurableTask.Protobuf;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>
/// Watches the work items the Durable Task engine streams to the worker and keeps, per instance, the fullest history
/// delivered (past plus new events of its latest episode), exactly as the Functions host hands it to the isolated
/// worker. The in-process test host has no history query of its own (its <c>StreamInstanceHistory</c> serves only
/// chunked in-flight requests), so this is how <see cref="HistoryRecorder"/> records Durable Task histories.
/// </summary>
internal sealed class DurableHistoryTap : Interceptor
{
    readonly ConcurrentDictionary<string, IReadOnlyList<P.HistoryEvent>> _histories = new(StringComparer.Ordinal);

    public IReadOnlyList<P.HistoryEvent>? HistoryOf(string instanceId) => _histories.GetValueOrDefault(instanceId);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(
            new ObservedReader<TResponse>(call.ResponseStream, Observe), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    void Observe(object message)
    {
        if (message is not P.WorkItem { OrchestratorRequest: { } episode })
        {
            return;
        }

        if (episode.RequiresHistoryStreaming)
        {
            throw new InvalidOperationException($"Instance {episode.InstanceId}: the engine streams this history separately; recording it is not supported.");
        }

        // Histories only grow; a late work item for a finished instance must not replace the full one.
        IReadOnlyList<P.HistoryEvent> delivered = [.. episode.PastEvents, .. episode.NewEvents];
        _histories.AddOrUpdate(episode.InstanceId, delivered, (_, known) => known.Count >= delivered.Count ? known : delivered);
    }

    sealed class ObservedReader<T>(IAsyncStreamReader<T> inner, Action<object> observe) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var moved = await inner.MoveNext(cancellationToken);
            if (moved && inner.Current is { } message)
            {
                observe(message);
            }

            return moved;
        }
    }
}
