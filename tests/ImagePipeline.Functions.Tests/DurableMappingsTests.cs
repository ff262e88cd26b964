using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ImagePipeline.Functions.Tests;

public sealed class DurableMappingsTests
{
    [Fact]
    public void A_failed_activity_becomes_a_step_failure_with_the_steps_type_code_and_message()
    {
        var details = new TaskFailureDetails(typeof(ProviderException).FullName!, "Gone before it was copied.", null, null,
            new Dictionary<string, object?> { [StepFailureCode.PropertyName] = ProviderErrorCodes.ResultExpired });
        var failure = new TaskFailedException("ArchiveGenerationOutput", 4, details);

        var stepFailure = DurableMappings.ToStepFailure("ArchiveGenerationOutput", failure);

        Assert.Equal("ArchiveGenerationOutput", stepFailure.StepName);
        Assert.Equal(typeof(ProviderException).FullName, stepFailure.ErrorType);
        Assert.Equal(ProviderErrorCodes.ResultExpired, stepFailure.ErrorCode);
        Assert.Equal("Gone before it was copied.", stepFailure.Message);
        Assert.Same(failure, stepFailure.InnerException);
    }

    [Fact]
    public void The_code_is_found_on_an_inner_failure_and_the_property_wins_over_a_bracketed_message()
    {
        var inner = new TaskFailureDetails(typeof(StepException).FullName!, "Upload refused.", null, null,
            new Dictionary<string, object?> { [StepFailureCode.PropertyName] = ProviderErrorCodes.ArchiveFailed });
        var outer = new TaskFailureDetails("Wrapper", "[not_a_code] Upload refused.", null, inner, null);

        var stepFailure = DurableMappings.ToStepFailure("ArchiveGenerationOutput", new TaskFailedException("ArchiveGenerationOutput", 4, outer));

        Assert.Equal(ProviderErrorCodes.ArchiveFailed, stepFailure.ErrorCode);
        Assert.Equal("[not_a_code] Upload refused.", stepFailure.Message);
    }

    [Theory]
    [InlineData("[result_expired] The link expired.", "result_expired", "The link expired.")]
    [InlineData("[Not A Code] stays", null, "[Not A Code] stays")]
    [InlineData("[unterminated", null, "[unterminated")]
    public void A_failure_recorded_with_the_old_code_prefix_keeps_its_code_on_replay(string recorded, string? code, string message)
    {
        // What an activity failure looked like in histories written before codes moved to failure-details properties.
        var details = new TaskFailureDetails(typeof(StepException).FullName!, recorded, null, null, null);

        var stepFailure = DurableMappings.ToStepFailure("ArchiveGenerationOutput", new TaskFailedException("ArchiveGenerationOutput", 4, details));

        Assert.Equal(code, stepFailure.ErrorCode);
        Assert.Equal(message, stepFailure.Message);
    }

    [Fact]
    public void A_failure_without_a_code_has_none()
    {
        var details = new TaskFailureDetails(typeof(IOException).FullName!, "Disk gone.", null, null, null);

        Assert.Null(DurableMappings.ToStepFailure("Notify", new TaskFailedException("Notify", 1, details)).ErrorCode);
    }

    [Fact]
    public void Provider_and_step_failures_carry_their_code_as_a_failure_property_and_others_none()
    {
        var properties = new StepFailureProperties();

        Assert.Equal(ProviderErrorCodes.ProviderUnavailable,
            properties.GetExceptionProperties(new ProviderException(ProviderNames.Segmind, ProviderErrorCodes.ProviderUnavailable, "Segmind kept answering 503."))?[StepFailureCode.PropertyName]);
        Assert.Equal(ProviderErrorCodes.ArchiveFailed,
            properties.GetExceptionProperties(new StepException(ProviderErrorCodes.ArchiveFailed, "Upload refused."))?[StepFailureCode.PropertyName]);
        Assert.Null(properties.GetExceptionProperties(new IOException("Disk gone.")));
    }

    [Fact]
    public void A_step_retry_policy_becomes_a_durable_retry_policy()
    {
        var options = DurableMappings.ToTaskOptions(new StepRetryPolicy(4, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromMinutes(1)));

        var policy = options.Retry?.Policy;
        Assert.NotNull(policy);
        Assert.Equal(4, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), policy.FirstRetryInterval);
        Assert.Equal(2.0, policy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromMinutes(1), policy.MaxRetryInterval);
    }

    [Fact]
    public void A_retry_policy_Durable_would_reject_is_clamped_instead_of_failing_the_orchestration()
    {
        var options = DurableMappings.ToTaskOptions(new StepRetryPolicy(0, TimeSpan.Zero, 0.5, TimeSpan.FromMilliseconds(1)));

        var policy = options.Retry?.Policy;
        Assert.NotNull(policy);
        Assert.Equal(1, policy.MaxNumberOfAttempts);
        Assert.True(policy.FirstRetryInterval > TimeSpan.Zero);
        Assert.Equal(1.0, policy.BackoffCoefficient);
        Assert.True(policy.MaxRetryInterval >= policy.FirstRetryInterval);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Pending, WorkflowRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Running, WorkflowRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, WorkflowRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Completed, WorkflowRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed, WorkflowRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, WorkflowRuntimeStatus.Terminated)]
    public void Runtime_statuses_map_to_the_workflow_view(OrchestrationRuntimeStatus durable, WorkflowRuntimeStatus expected) =>
        Assert.Equal(expected, DurableMappings.ToRuntimeStatus(durable));

    [Fact]
    public void Instance_metadata_keeps_its_serialized_payloads_and_failure_message()
    {
        var created = new DateTimeOffset(2025, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var metadata = new OrchestrationMetadata(GenerationWorkflow.Name, "gen_1")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            CreatedAt = created,
            LastUpdatedAt = created.AddMinutes(2),
            SerializedInput = "{\"generationId\":\"gen_1\"}",
            SerializedCustomStatus = "{\"status\":\"Running\"}",
            SerializedOutput = null,
            FailureDetails = TaskFailureDetails.FromException(new InvalidOperationException("boom")),
        };

        var instance = DurableMappings.ToWorkflowInstance(metadata);

        Assert.Equal("gen_1", instance.InstanceId);
        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Equal(created, instance.CreatedAt);
        Assert.Equal(created.AddMinutes(2), instance.LastUpdatedAt);
        Assert.Equal(metadata.SerializedInput, instance.SerializedInput);
        Assert.Equal(metadata.SerializedCustomStatus, instance.SerializedCustomStatus);
        Assert.Null(instance.SerializedOutput);
        Assert.Equal("boom", instance.FailureMessage);
    }

    [Fact]
    public void The_purge_filter_selects_only_finished_instances_older_than_the_retention()
    {
        var now = new DateTimeOffset(2025, 11, 21, 3, 30, 0, TimeSpan.Zero);

        var filter = DurableMappings.ToPurgeFilter(now, TimeSpan.FromDays(7));

        Assert.Equal(now.AddDays(-7), filter.CreatedTo);
        Assert.NotNull(filter.CreatedFrom);
        Assert.Equal(
            new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated },
            filter.Statuses!.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => DurableMappings.ToPurgeFilter(now, TimeSpan.Zero));
    }
}
