using ImagePipeline.Generation;
using ImagePipeline.Workflow.Steps;
using Microsoft.Azure.Functions.Worker;

namespace ImagePipeline.Functions;

/// <summary>One activity function per workflow step; each is a call into the core's <see cref="GenerationSteps"/>.</summary>
public sealed class GenerationActivities(GenerationSteps steps)
{
    [Function(GenerationStepNames.Submit)]
    public Task<SubmitStepResult> SubmitAsync([ActivityTrigger] SubmitStepInput input, CancellationToken cancellationToken) =>
        StepErrorCodes.CarryAsync(() => steps.SubmitAsync(input, cancellationToken));

    [Function(GenerationStepNames.FindSubmittedJob)]
    public Task<SubmitStepResult> FindSubmittedJobAsync([ActivityTrigger] SubmitStepInput input, CancellationToken cancellationToken) =>
        StepErrorCodes.CarryAsync(() => steps.FindSubmittedJobAsync(input, cancellationToken));

    [Function(GenerationStepNames.CheckStatus)]
    public Task<CheckStatusStepResult> CheckStatusAsync([ActivityTrigger] CheckStatusStepInput input, CancellationToken cancellationToken) =>
        StepErrorCodes.CarryAsync(() => steps.CheckStatusAsync(input, cancellationToken));

    [Function(GenerationStepNames.ArchiveOutput)]
    public Task<ArchiveStepResult> ArchiveOutputAsync([ActivityTrigger] ArchiveStepInput input, CancellationToken cancellationToken) =>
        StepErrorCodes.CarryAsync(() => steps.ArchiveOutputAsync(input, cancellationToken));

    [Function(GenerationStepNames.Notify)]
    public Task<NotificationSummary> NotifyAsync([ActivityTrigger] NotifyStepInput input, CancellationToken cancellationToken) =>
        StepErrorCodes.CarryAsync(() => steps.NotifyAsync(input, cancellationToken));

    [Function(GenerationStepNames.CancelProviderJob)]
    public Task<bool> CancelProviderJobAsync([ActivityTrigger] CancelProviderJobStepInput input, CancellationToken cancellationToken) =>
        StepErrorCodes.CarryAsync(() => steps.CancelProviderJobAsync(input, cancellationToken));

    [Function(GenerationStepNames.PublishCompletion)]
    public Task<bool> PublishCompletionAsync([ActivityTrigger] PublishCompletionStepInput input, CancellationToken cancellationToken) =>
        StepErrorCodes.CarryAsync(() => steps.PublishCompletionAsync(input, cancellationToken));
}
