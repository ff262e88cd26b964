namespace ImagePipeline.Providers.Luma;

/// <summary>An Agents API generation as <c>POST /generations</c> and <c>GET /generations/{id}</c> return it.</summary>
internal sealed record AgentsGeneration(
    string? Id,
    string? State,
    string? FailureCode,
    string? FailureReason,
    IReadOnlyList<AgentsOutput>? Output)
{
    public ProviderJobStatus ToStatus(string jobId)
    {
        var id = Id ?? jobId;
        switch (State)
        {
            case "queued":
                return new ProviderJobStatus { JobId = id, State = ProviderJobState.Queued, ProviderStatus = State };
            case "completed":
                var outputs = (Output ?? [])
                    .Where(o => o.Url is not null && (o.Type is null || o.Type == "image"))
                    .Select((o, i) => new ProviderOutput(o.Url!, $"{id}/{i}"))
                    .ToList();
                return outputs.Count > 0
                    ? new ProviderJobStatus { JobId = id, State = ProviderJobState.Succeeded, ProviderStatus = State, Progress = 1, Outputs = outputs }
                    : new ProviderJobStatus
                    {
                        JobId = id, State = ProviderJobState.Failed, ProviderStatus = State,
                        Error = LumaFailureCodes.ToProviderError(LumaFailureCodes.OutputNotFound, "Luma reported the generation completed but listed no image."),
                    };
            case "failed":
                return new ProviderJobStatus
                {
                    JobId = id, State = ProviderJobState.Failed, ProviderStatus = State,
                    Error = LumaFailureCodes.ToProviderError(FailureCode, FailureReason),
                };
            default:
                // "processing", and any state Luma adds later: still running until the workflow's deadline.
                return new ProviderJobStatus { JobId = id, State = ProviderJobState.Running, ProviderStatus = State };
        }
    }
}
