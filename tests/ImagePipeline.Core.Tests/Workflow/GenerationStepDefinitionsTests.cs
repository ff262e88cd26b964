using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;

namespace ImagePipeline.Tests.Workflow;

/// <summary>The step definitions are what histories and journals replay by: their names must never drift, and the
/// embedded runtime and the Durable hosts must read a step's failure code the same way.</summary>
public sealed class GenerationStepDefinitionsTests
{
    [Fact]
    public void Step_names_are_the_ones_in_flight_histories_and_journals_replay_by()
    {
        Assert.Equal(
            ["SubmitGeneration", "FindSubmittedGeneration", "CheckGenerationStatus", "ArchiveGenerationOutput",
             "NotifyGenerationCaller", "CancelProviderJob", "PublishGenerationCompletion", "RecordAttemptCost"],
            GenerationStepDefinitions.All.Select(step => step.Name));
    }

    [Fact]
    public void Steps_that_retry_keep_their_retry_policies()
    {
        Assert.Equal(4, GenerationStepDefinitions.ArchiveOutput.RetryPolicy?.MaxNumberOfAttempts);
        Assert.Equal(2, GenerationStepDefinitions.CheckStatus.RetryPolicy?.MaxNumberOfAttempts);
        Assert.Equal(2, GenerationStepDefinitions.CancelProviderJob.RetryPolicy?.MaxNumberOfAttempts);
        Assert.Equal(5, GenerationStepDefinitions.PublishCompletion.RetryPolicy?.MaxNumberOfAttempts);
        // A submit is never re-sent by a retry policy: the ledger and the lookups decide.
        Assert.Null(GenerationStepDefinitions.Submit.RetryPolicy);
        Assert.Null(GenerationStepDefinitions.FindSubmittedJob.RetryPolicy);
        Assert.Null(GenerationStepDefinitions.Notify.RetryPolicy);
    }

    [Fact]
    public async Task The_invoker_refuses_a_step_name_it_does_not_define()
    {
        var invoker = new WorkflowStepInvoker<object>(new object(), []);

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            invoker.InvokeAsync("NoSuchStep", JsonSerializer.SerializeToElement(1), CancellationToken.None));

        Assert.Contains("NoSuchStep", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invoker_runs_a_step_by_name_with_its_typed_input_and_result()
    {
        var doubled = new WorkflowStep<int, int, int>("Double", (factor, input, _) => Task.FromResult(factor * input));
        var invoker = new WorkflowStepInvoker<int>(2, [doubled]);

        var result = await invoker.InvokeAsync("Double", JsonSerializer.SerializeToElement(21), CancellationToken.None);

        Assert.Equal(42, result.GetInt32());
    }

    [Fact]
    public void A_step_failure_gets_its_code_from_provider_and_step_exceptions_only()
    {
        Assert.Equal(ProviderErrorCodes.ProviderUnavailable,
            StepFailureCode.Of(new ProviderException(ProviderNames.Segmind, ProviderErrorCodes.ProviderUnavailable, "Segmind kept answering 503.")));
        Assert.Equal(ProviderErrorCodes.ArchiveFailed, StepFailureCode.Of(new StepException(ProviderErrorCodes.ArchiveFailed, "Upload refused.")));
        Assert.Null(StepFailureCode.Of(new IOException("Disk gone.")));
    }
}
