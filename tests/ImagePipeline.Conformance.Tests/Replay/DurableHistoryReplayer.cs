using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using P = Microsoft.DurableTask.Protobuf;

namespace ImagePipeline.Conformance.Tests.Replay;

/// <summary>
/// Replays a recorded Durable Task history against an orchestrator the way the isolated Functions worker runs an
/// orchestrator episode: the history goes in as the past events of an <c>OrchestratorRequest</c> to
/// <see cref="GrpcOrchestrationRunner"/>, which rebuilds the instance with DurableTask.Core's executor (and its
/// non-determinism checks) and answers the actions the orchestrator issued beyond the history. No activity runs and
/// no clock is read: the orchestrator's time comes from the recorded events. Answers the first divergence, or null
/// when the orchestrator matches the history and ends the way it ended.
/// </summary>
internal static class DurableHistoryReplayer
{
    // The payload converter the Functions host configures (its worker serializer uses WorkflowJson.Options).
    static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(new DurableTaskShimFactory(
            new DurableTaskWorkerOptions { DataConverter = new JsonDataConverter(WorkflowJson.Options) }, NullLoggerFactory.Instance))
        .BuildServiceProvider();

    public static string? Replay(JsonArray events, Func<TaskOrchestrationContext, GenerationWorkflowInput?, Task<GenerationOutcome?>> orchestrator)
    {
        var history = events.Select(e => JsonParser.Default.Parse<P.HistoryEvent>(e!.ToJsonString())).ToList();
        var started = history.Select(e => e.ExecutionStarted).FirstOrDefault(s => s is not null)
            ?? throw new InvalidDataException("The recorded history has no ExecutionStarted event; re-record it.");
        var request = new P.OrchestratorRequest { InstanceId = started.OrchestrationInstance.InstanceId };
        request.PastEvents.AddRange(history);

        var encoded = GrpcOrchestrationRunner.LoadAndRun(Convert.ToBase64String(request.ToByteArray()), orchestrator, Services);
        var actions = P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(encoded)).Actions;

        var completion = actions.Select(a => a.CompleteOrchestration).FirstOrDefault(c => c is not null);
        if (completion?.FailureDetails is { ErrorType: var errorType } failure && errorType.Contains("NonDeterministic", StringComparison.Ordinal))
        {
            return $"non-deterministic replay: {failure.ErrorMessage}";
        }

        var recordedEnd = history.Select(e => e.ExecutionCompleted).LastOrDefault(c => c is not null);
        if (recordedEnd is null)
        {
            // Recorded in flight: matching every recorded action is all a resumed instance needs.
            return completion is null
                ? null
                : $"the history is still waiting, but the orchestrator now ends {Describe(completion.OrchestrationStatus, completion.Result, completion.FailureDetails)}";
        }

        var recorded = Describe(recordedEnd.OrchestrationStatus, recordedEnd.Result, recordedEnd.FailureDetails);
        if (completion is null)
        {
            return actions.FirstOrDefault() is { } next
                ? $"after the last recorded event the orchestrator now issues {Describe(next)} (action #{next.Id}), where the history ends {recorded}"
                : $"the history ends {recorded}, but the orchestrator is still waiting";
        }

        // How it ends is compared (orchestration status, and the generation's status and error code), not the whole
        // output: a change to the outcome's other fields does not touch instances in flight.
        var replayed = Describe(completion.OrchestrationStatus, completion.Result, completion.FailureDetails);
        return replayed == recorded ? null : $"the history ends {recorded}, but the orchestrator now ends {replayed}";
    }

    static string Describe(P.OrchestratorAction action) => action.OrchestratorActionTypeCase switch
    {
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask => $"activity '{action.ScheduleTask.Name}'",
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer => "a timer",
        _ => action.OrchestratorActionTypeCase.ToString(),
    };

    static string Describe(P.OrchestrationStatus status, string? result, P.TaskFailureDetails? failure)
    {
        if (status != P.OrchestrationStatus.Completed)
        {
            return $"{status} ({failure?.ErrorType}: {failure?.ErrorMessage})";
        }

        var outcome = string.IsNullOrEmpty(result) ? null : JsonSerializer.Deserialize<GenerationOutcome>(result, WorkflowJson.Options);
        return outcome is null ? "Completed" : $"Completed with generation {outcome.Status}{(outcome.Error is { } error ? $" ({error.Code})" : "")}";
    }
}
