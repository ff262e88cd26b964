using ImagePipeline.Conformance.Tests.Engines;

namespace ImagePipeline.Conformance.Tests.Scenarios;

/// <summary>The scenarios on the standalone host's embedded journal runtime.</summary>
public sealed class EmbeddedRuntimeConformance() : WorkflowConformance(DurableEngineKind.Embedded);
