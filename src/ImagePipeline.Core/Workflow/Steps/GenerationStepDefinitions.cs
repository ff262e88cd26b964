using ImagePipeline.Generation;

namespace ImagePipeline.Workflow.Steps;

/// <summary>
/// Each generation step defined once: name, input and result types, retry policy, and the <see cref="GenerationSteps"/>
/// method that runs it. The workflow calls these; the embedded runtime dispatches them (<see cref="GenerationStepInvoker"/>)
/// and the Durable hosts register them as activities. Names come from <see cref="GenerationStepNames"/> because the
/// Functions host's <c>[Function]</c> attributes need constants.
/// </summary>
public static class GenerationStepDefinitions
{
    /// <summary>Submits never retry by policy: a repeated submit is answered from the ledger, errors come back as data.</summary>
    public static WorkflowStep<GenerationSteps, SubmitStepInput, SubmitStepResult> Submit { get; } =
        new(GenerationStepNames.Submit, (steps, input, ct) => steps.SubmitAsync(input, ct));

    public static WorkflowStep<GenerationSteps, SubmitStepInput, SubmitStepResult> FindSubmittedJob { get; } =
        new(GenerationStepNames.FindSubmittedJob, (steps, input, ct) => steps.FindSubmittedJobAsync(input, ct));

    /// <summary>Status checks already retry transient faults inside; the step retries once more for a host hiccup.</summary>
    public static WorkflowStep<GenerationSteps, CheckStatusStepInput, CheckStatusStepResult> CheckStatus { get; } =
        new(GenerationStepNames.CheckStatus, (steps, input, ct) => steps.CheckStatusAsync(input, ct), new(2, TimeSpan.FromSeconds(2)));

    /// <summary>Archiving is safe to repeat (deterministic blob names), so transient faults retry it.</summary>
    public static WorkflowStep<GenerationSteps, ArchiveStepInput, ArchiveStepResult> ArchiveOutput { get; } =
        new(GenerationStepNames.ArchiveOutput, (steps, input, ct) => steps.ArchiveOutputAsync(input, ct),
            new(4, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromMinutes(1)));

    /// <summary>The notifier retries inside and reports the outcome as data; the step itself runs once.</summary>
    public static WorkflowStep<GenerationSteps, NotifyStepInput, NotificationSummary> Notify { get; } =
        new(GenerationStepNames.Notify, (steps, input, ct) => steps.NotifyAsync(input, ct));

    public static WorkflowStep<GenerationSteps, CancelProviderJobStepInput, bool> CancelProviderJob { get; } =
        new(GenerationStepNames.CancelProviderJob, (steps, input, ct) => steps.CancelProviderJobAsync(input, ct), new(2, TimeSpan.FromSeconds(2)));

    /// <summary>Completion events are worth a few durable retries; a downstream outage must not fail a finished generation.</summary>
    public static WorkflowStep<GenerationSteps, PublishCompletionStepInput, bool> PublishCompletion { get; } =
        new(GenerationStepNames.PublishCompletion, (steps, input, ct) => steps.PublishCompletionAsync(input, ct),
            new(5, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromMinutes(2)));

    /// <summary>Pure but for the spend ledger, which counts an attempt once however often this runs.</summary>
    public static WorkflowStep<GenerationSteps, AttemptCostStepInput, Generation.AttemptCost> RecordAttemptCost { get; } =
        new(GenerationStepNames.RecordAttemptCost, (steps, input, ct) => steps.RecordAttemptCostAsync(input, ct), new(3, TimeSpan.FromSeconds(2)));

    /// <summary>Every step, for dispatch by name and activity registration.</summary>
    public static IReadOnlyList<IWorkflowStep<GenerationSteps>> All { get; } =
        [Submit, FindSubmittedJob, CheckStatus, ArchiveOutput, Notify, CancelProviderJob, PublishCompletion, RecordAttemptCost];
}
