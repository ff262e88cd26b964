using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ImagePipeline.Conformance.Tests.Replay;

/// <summary>One recorded scenario: the engine's history of every workflow instance it started, oldest first. For the
/// embedded runtime each instance is its journal, one JSON object per journal line; for Durable Task it is the
/// instance's history, one protobuf <c>HistoryEvent</c> (in protobuf's JSON form) per event.</summary>
public sealed record RecordedHistory(
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("instances")] IReadOnlyList<JsonArray> Instances);
