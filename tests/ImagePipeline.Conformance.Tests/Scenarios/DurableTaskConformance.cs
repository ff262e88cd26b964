using ImagePipeline.Conformance.Tests.Engines;

namespace ImagePipeline.Conformance.Tests.Scenarios;

/// <summary>The scenarios on the real Durable Task engine with the Functions host's orchestrator and activities.</summary>
public sealed class DurableTaskConformance() : WorkflowConformance(DurableEngineKind.DurableTask);
