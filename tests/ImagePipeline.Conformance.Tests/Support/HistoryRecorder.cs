using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using ImagePipeline.Conformance.Tests.Replay;
using Microsoft.DurableTask.Client;
using Google.Protobuf.WellKnownTypes;
using P = Microsoft.DurableTask.Protobuf;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>
/// Saves the histories of conformance scenarios as checked-in files (<c>Histories/&lt;engine&gt;/&lt;scenario&gt;.json</c>)
/// for <see cref="HistoryReplayTests"/> and <see cref="DurableHistoryReplayTests"/>: the embedded runtime's journals and
/// Durable Task's history events. Off unless <c>RECORD_HISTORIES=1</c>, so ordinary runs never rewrite them.
/// </summary>
internal static class HistoryRecorder
{
    public const string EnvironmentVariable = "RECORD_HISTORIES";

    // Relaxed escaping keeps the JSON payloads inside Durable Task events readable (\" rather than \u0022); the files
    // are test data, never served to a browser.
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsEnabled => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>Writes every journal in an embedded runtime's data folder (finished ones are kept under
    /// <c>completed/</c>), oldest instance first.</summary>
    public static void SaveEmbedded(string scenario, string dataDirectory)
    {
        var journals = new[] { "completed", "instances" }
            .Select(folder => Path.Combine(dataDirectory, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.journal"))
            .Select(ReadLines)
            .Where(lines => lines.Count > 0)
            .OrderBy(lines => lines[0]!["at"]!.GetValue<DateTimeOffset>())
            .ToList();
        Save(new RecordedHistory("embedded", scenario, journals));
    }

    /// <summary>Writes the history of every instance on a Durable Task engine, oldest instance first: the events the
    /// engine delivered to the worker in the instance's last episode (<see cref="DurableHistoryTap"/>), as protobuf
    /// <c>HistoryEvent</c>s in protobuf's JSON form, followed, once the instance has ended, by the
    /// <c>executionCompleted</c> event the engine appends to its history, carrying the end state the engine reports.</summary>
    public static async Task SaveDurableTaskAsync(string scenario, DurableTaskClient client, DurableHistoryTap tap)
    {
        var instances = new List<(DateTimeOffset CreatedAt, string InstanceId, JsonArray Events)>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            var events = tap.HistoryOf(instance.InstanceId)?.ToList()
                ?? throw new InvalidOperationException($"No episode of instance {instance.InstanceId} was seen; cannot record scenario '{scenario}'.");
            if (EndOf(instance) is { } end)
            {
                events.Add(end);
            }

            var json = events.Select(e => JsonNode.Parse(JsonFormatter.Default.Format(e))).ToArray();
            instances.Add((instance.CreatedAt, instance.InstanceId, new JsonArray(json)));
        }

        var oldestFirst = instances.OrderBy(i => i.CreatedAt).ThenBy(i => i.InstanceId, StringComparer.Ordinal).Select(i => i.Events).ToList();
        Save(new RecordedHistory("durabletask", scenario, oldestFirst));
    }

    static P.HistoryEvent? EndOf(OrchestrationMetadata instance)
    {
        var status = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => P.OrchestrationStatus.Completed,
            OrchestrationRuntimeStatus.Failed => P.OrchestrationStatus.Failed,
            OrchestrationRuntimeStatus.Terminated => P.OrchestrationStatus.Terminated,
            _ => (P.OrchestrationStatus?)null,
        };
        if (status is null)
        {
            return null; // still in flight
        }

        var completed = new P.ExecutionCompletedEvent { OrchestrationStatus = status.Value, Result = instance.SerializedOutput };
        if (instance.FailureDetails is { } failure)
        {
            completed.FailureDetails = new P.TaskFailureDetails { ErrorType = failure.ErrorType, ErrorMessage = failure.ErrorMessage };
        }

        return new P.HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTimeOffset(instance.LastUpdatedAt), ExecutionCompleted = completed };
    }

    static void Save(RecordedHistory history)
    {
        var path = Path.Combine(SourceHistoriesDirectory(), history.Engine, history.Scenario + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(history, Indented) + "\n");
    }

    static JsonArray ReadLines(string path) =>
        new(File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonNode.Parse(line)).ToArray());

    // The source tree, not the build output: recorded files are meant to be reviewed and committed.
    static string SourceHistoriesDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Histories"));
}
