namespace ImagePipeline.Workflow;

/// <summary>A workflow instance as the runtime stores it (JSON strings, as Durable's <c>OrchestrationMetadata</c> has them).</summary>
public sealed record WorkflowInstance(
    string InstanceId,
    WorkflowRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? SerializedInput,
    string? SerializedCustomStatus,
    string? SerializedOutput,
    string? FailureMessage);
