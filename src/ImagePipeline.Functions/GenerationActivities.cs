using ImagePipeline.Generation;
using ImagePipeline.Workflow.Steps;
using Microsoft.Azure.Functions.Worker;
using static ImagePipeline.Workflow.Steps.GenerationStepDefinitions;

namespace ImagePipeline.Functions;

/// <summary>The activity functions: one trigger per step, because the Functions worker discovers activities by
/// <c>[Function]</c> attribute. Each only runs the step's definition (<see cref="GenerationStepDefinitions"/>), which
/// owns its name, types and behaviour; <see cref="GenerationActivityRegistration"/> registers the same definitions on a plain Durable Task worker.</summary>
public sealed class GenerationActivities(GenerationSteps steps)
{
    [Function(GenerationStepNames.Submit)]
    public Task<SubmitStepResult> SubmitAsync([ActivityTrigger] SubmitStepInput input, CancellationToken cancellationToken) =>
        Submit.Run(steps, input, cancellationToken);

    [Function(GenerationStepNames.FindSubmittedJob)]
    public Task<SubmitStepResult> FindSubmittedJobAsync([ActivityTrigger] SubmitStepInput input, CancellationToken cancellationToken) =>
        FindSubmittedJob.Run(steps, input, cancellationToken);

    [Function(GenerationStepNames.CheckStatus)]
    public Task<CheckStatusStepResult> CheckStatusAsync([ActivityTrigger] CheckStatusStepInput input, CancellationToken cancellationToken) =>
        CheckStatus.Run(steps, input, cancellationToken);

    [Function(GenerationStepNames.ArchiveOutput)]
    public Task<ArchiveStepResult> ArchiveOutputAsync([ActivityTrigger] ArchiveStepInput input, CancellationToken cancellationToken) =>
        ArchiveOutput.Run(steps, input, cancellationToken);

    [Function(GenerationStepNames.Notify)]
    public Task<NotificationSummary> NotifyAsync([ActivityTrigger] NotifyStepInput input, CancellationToken cancellationToken) =>
        Notify.Run(steps, input, cancellationToken);

    [Function(GenerationStepNames.CancelProviderJob)]
    public Task<bool> CancelProviderJobAsync([ActivityTrigger] CancelProviderJobStepInput input, CancellationToken cancellationToken) =>
        CancelProviderJob.Run(steps, input, cancellationToken);

    [Function(GenerationStepNames.PublishCompletion)]
    public Task<bool> PublishCompletionAsync([ActivityTrigger] PublishCompletionStepInput input, CancellationToken cancellationToken) =>
        PublishCompletion.Run(steps, input, cancellationToken);

    [Function(GenerationStepNames.RecordAttemptCost)]
    public Task<Generation.AttemptCost> RecordAttemptCostAsync([ActivityTrigger] AttemptCostStepInput input, CancellationToken cancellationToken) =>
        RecordAttemptCost.Run(steps, input, cancellationToken);
}
