using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;

namespace ImagePipeline.Functions.Tests;

/// <summary>Inputs and provider answers shared by the orchestration tests.</summary>
static class WorkflowInputs
{
    public const string JobId = "job-1";
    public static readonly DateTimeOffset CreatedAt = new(2025, 11, 21, 10, 0, 0, TimeSpan.Zero);

    public static GenerationWorkflowInput Input(string? callbackUrl = null) => new(
        "gen_0123456789abcdef",
        new GenerationRequest { Prompt = "a red fox in fresh snow", Provider = ProviderNames.Mock, CallbackUrl = callbackUrl },
        ProviderNames.Mock,
        "mock-model",
        CreatedAt,
        TimeSpan.FromMinutes(10),
        new PollingPlan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));

    public static SubmitStepResult Submitted => SubmitStepResult.Accepted(JobId, Status(ProviderJobState.Queued));

    public static ProviderJobStatus Status(ProviderJobState state, params ProviderOutput[] outputs) => new()
    {
        JobId = JobId,
        State = state,
        ProviderStatus = state.ToString().ToUpperInvariant(),
        Outputs = outputs,
    };

    public static ProviderOutput Output => new("https://provider.example/results/1.png", "img-1", "image/png");

    public static ArchiveStepResult Archived => new(
        new ArchivedOutput("https://account.blob.core.windows.net/outputs/gen_0123456789abcdef/0.png", "image/png", 1024, new string('a', 64), 512, 512),
        null);
}
