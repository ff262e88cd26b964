namespace ImagePipeline.Workflow;

/// <summary>Lists generations for <c>GET /api/generations</c>: the embedded runtime from its index of creation records,
/// the Functions host from Durable's instance query.</summary>
public interface IWorkflowInstanceQuery
{
    /// <exception cref="InvalidContinuationTokenException">The token was not written by this runtime.</exception>
    Task<WorkflowInstancePage> QueryAsync(GenerationQuery query, CancellationToken cancellationToken = default);
}
