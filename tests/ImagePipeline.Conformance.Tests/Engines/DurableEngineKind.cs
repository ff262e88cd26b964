namespace ImagePipeline.Conformance.Tests.Engines;

/// <summary>The engines the same scenarios run on.</summary>
public enum DurableEngineKind
{
    /// <summary>The standalone host's journal runtime (src/ImagePipeline.EmbeddedDurable).</summary>
    Embedded,
    /// <summary>The real Durable Task engine (in-process test host) with the Functions host's orchestrator and activities.</summary>
    DurableTask,
}
