using ImagePipeline.Generation;
using ImagePipeline.Workflow;

namespace ImagePipeline.Functions.Tests;

/// <summary>A workflow input for the client adapter tests.</summary>
static class WorkflowInputs
{
    public static readonly DateTimeOffset CreatedAt = new(2025, 11, 21, 10, 0, 0, TimeSpan.Zero);

    public static GenerationWorkflowInput Input(string? callbackUrl = null) => new(
        "gen_0123456789abcdef",
        new GenerationRequest { Prompt = "a red fox in fresh snow", Provider = ProviderNames.Mock, CallbackUrl = callbackUrl },
        ProviderNames.Mock,
        "mock-model",
        CreatedAt,
        TimeSpan.FromMinutes(10),
        new PollingPlan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));
}
