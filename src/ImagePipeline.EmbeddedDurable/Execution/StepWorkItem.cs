using System.Text.Json;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>One step attempt waiting for a worker.</summary>
internal sealed record StepWorkItem(InstanceRunner Runner, int Seq, string StepName, JsonElement Input);
