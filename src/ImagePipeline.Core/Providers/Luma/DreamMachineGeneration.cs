namespace ImagePipeline.Providers.Luma;

/// <summary>A Dream Machine generation, as <c>GET /generations/{id}</c> returns it and as Luma POSTs it to the callback URL.</summary>
internal sealed record DreamMachineGeneration(string? Id, string? State, string? FailureReason, DreamMachineAssets? Assets)
{
    public ProviderJobStatus ToStatus(string jobId)
    {
        var id = Id ?? jobId;
        return State switch
        {
            "queued" => new ProviderJobStatus { JobId = id, State = ProviderJobState.Queued, ProviderStatus = State },
            "completed" when Assets?.Image is { } image => new ProviderJobStatus
            {
                JobId = id, State = ProviderJobState.Succeeded, ProviderStatus = State, Progress = 1,
                Outputs = [new ProviderOutput(image, id)],
            },
            "completed" => new ProviderJobStatus
            {
                JobId = id, State = ProviderJobState.Failed, ProviderStatus = State,
                Error = new ProviderError(ProviderErrorCodes.ProviderFailed, "Luma reported the generation completed but listed no image.", Retryable: true),
            },
            "failed" => new ProviderJobStatus
            {
                JobId = id, State = ProviderJobState.Failed, ProviderStatus = State,
                Error = LumaFailureCodes.FromDreamMachineReason(FailureReason),
            },
            // "dreaming", and any state Luma adds later: still running until the workflow's deadline.
            _ => new ProviderJobStatus { JobId = id, State = ProviderJobState.Running, ProviderStatus = State },
        };
    }
}
