using System.Buffers.Text;
using System.Text;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ImagePipeline.Functions;

/// <summary>
/// The pure translations between Durable Task types and the workflow contracts. They live here rather than in the
/// adapters so that they are unit-tested without a Durable runtime.
/// </summary>
public static class DurableMappings
{
    /// <summary>Statuses whose history the maintenance timer may delete: the instance can never change again.</summary>
    public static IReadOnlyList<OrchestrationRuntimeStatus> PurgeableStatuses { get; } =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <summary>A step's retry policy as Durable's declarative <see cref="RetryPolicy"/>.</summary>
    public static TaskOptions ToTaskOptions(StepRetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        // RetryPolicy throws on values StepRetryPolicy tolerates (zero interval, coefficient below 1, max below first).
        var first = policy.FirstRetryInterval > TimeSpan.Zero ? policy.FirstRetryInterval : TimeSpan.FromSeconds(1);
        TimeSpan? max = policy.MaxRetryInterval is { } m ? (m < first ? first : m) : null;
        var retry = new RetryPolicy(
            maxNumberOfAttempts: Math.Max(1, policy.MaxNumberOfAttempts),
            firstRetryInterval: first,
            backoffCoefficient: Math.Max(1.0, policy.BackoffCoefficient),
            maxRetryInterval: max);
        return TaskOptions.FromRetryPolicy(retry);
    }

    /// <summary>An activity failure (after Durable's retries) as the workflow's <see cref="WorkflowStepFailedException"/>:
    /// the step's exception type and message, and its pipeline error code from the failure details' properties
    /// (<see cref="StepFailureProperties"/> puts it there).</summary>
    public static WorkflowStepFailedException ToStepFailure(string stepName, TaskFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var details = failure.FailureDetails;
        var message = details?.ErrorMessage ?? failure.Message;
        if (ErrorCodeOf(details) is { } code) return new WorkflowStepFailedException(stepName, details?.ErrorType, code, message, failure);
        var (legacyCode, legacyMessage) = SplitLegacyCodePrefix(message);
        return new WorkflowStepFailedException(stepName, details?.ErrorType, legacyCode, legacyMessage, failure);
    }

    /// <summary>Until 2026-11-30 the code travelled as a <c>[code] message</c> prefix. Histories written before then
    /// still hold it, and instances in flight across that deploy replay them; drop this once they have drained (no
    /// generation outlives <c>Pipeline:JobTimeout</c> plus its notify and publish retries).</summary>
    static (string? Code, string Message) SplitLegacyCodePrefix(string message)
    {
        if (message.Length < 3 || message[0] != '[') return (null, message);
        var end = message.IndexOf(']', StringComparison.Ordinal);
        if (end < 2 || end > 65) return (null, message);
        var code = message[1..end];
        if (!code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')) return (null, message);
        return (code, message[(end + 1)..].TrimStart());
    }

    static string? ErrorCodeOf(TaskFailureDetails? details)
    {
        // The Functions worker wraps what an activity threw; the code may sit on an inner failure.
        for (var current = details; current is not null; current = current.InnerFailure)
        {
            if (current.Properties?.TryGetValue(StepFailureCode.PropertyName, out var code) == true && code is string { Length: > 0 } text)
                return text;
        }
        return null;
    }

    public static WorkflowRuntimeStatus ToRuntimeStatus(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => WorkflowRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Completed => WorkflowRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed => WorkflowRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => WorkflowRuntimeStatus.Terminated,
        // Running, Suspended and the obsolete values: the instance exists and has not finished.
        _ => WorkflowRuntimeStatus.Running,
    };

    public static bool IsFinished(OrchestrationRuntimeStatus status) => ToRuntimeStatus(status) is
        WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated;

    /// <summary>The instance as the core reads it; the JSON strings pass through untouched (the worker serializes
    /// with <see cref="WorkflowJson.Options"/>, so the core's deserializers read them directly).</summary>
    public static WorkflowInstance ToWorkflowInstance(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new WorkflowInstance(
            metadata.InstanceId,
            ToRuntimeStatus(metadata.RuntimeStatus),
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            metadata.SerializedInput,
            metadata.SerializedCustomStatus,
            metadata.SerializedOutput,
            metadata.FailureDetails?.ErrorMessage);
    }

    /// <summary>Finished instances created more than <paramref name="purgeAfter"/> before <paramref name="now"/>.</summary>
    public static PurgeInstancesFilter ToPurgeFilter(DateTimeOffset now, TimeSpan purgeAfter)
    {
        if (purgeAfter <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(purgeAfter), purgeAfter, "The purge age must be positive.");
        // A concrete lower bound: Azure Table queries reject DateTime.MinValue.
        return new PurgeInstancesFilter(DateTimeOffset.UnixEpoch, now - purgeAfter, PurgeableStatuses);
    }

    /// <summary>How far an orchestration's own creation time may lag the <c>createdAt</c> the starter put in its input
    /// (the start is scheduled after the input is written; clocks of scaled-out instances differ a little). The
    /// server-side time filter is widened by this much; the exact filter is applied to the inputs.</summary>
    public static readonly TimeSpan CreationSlack = TimeSpan.FromMinutes(5);

    const string TokenVersion = "d1:";

    /// <summary>The part of a listing Durable's instance query can do on the server: the creation window (widened, see
    /// <see cref="CreationSlack"/>) and the runtime statuses a document status can come from. Provider, metadata and
    /// the document status itself live in the inputs and custom status, which the query cannot see: they are applied
    /// to each page's instances (<see cref="GenerationQuery.Matches"/>).</summary>
    public static OrchestrationQuery ToOrchestrationQuery(GenerationQuery query, int pageSize, string? durableContinuationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new OrchestrationQuery
        {
            CreatedFrom = query.CreatedAfter - CreationSlack,
            CreatedTo = query.CreatedBefore + CreationSlack,
            Statuses = query.Statuses.Count == 0 ? null : query.Statuses.SelectMany(RuntimeStatusesFor).Distinct().ToArray(),
            PageSize = pageSize,
            ContinuationToken = durableContinuationToken,
            FetchInputsAndOutputs = true,
        };
    }

    /// <summary>The runtime statuses an instance may have while its document shows <paramref name="status"/>: a
    /// completed orchestration carries its outcome (completed, failed or canceled) in its output.</summary>
    public static IEnumerable<OrchestrationRuntimeStatus> RuntimeStatusesFor(GenerationStatus status) => status switch
    {
        GenerationStatus.Queued => [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
        GenerationStatus.Completed => [OrchestrationRuntimeStatus.Completed],
        GenerationStatus.Failed => [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed],
        GenerationStatus.Canceled => [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Terminated],
        _ => [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
    };

    /// <summary>Durable's continuation token, wrapped so the API's tokens stay opaque and a foreign one is refused.</summary>
    public static string? ToContinuationToken(string? durableToken) =>
        string.IsNullOrEmpty(durableToken) ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenVersion + durableToken));

    /// <exception cref="InvalidContinuationTokenException">Not a token <see cref="ToContinuationToken"/> wrote.</exception>
    public static string? FromContinuationToken(string? token)
    {
        if (token is null) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(TokenVersion, StringComparison.Ordinal) && text.Length > TokenVersion.Length) return text[TokenVersion.Length..];
        }
        catch (FormatException)
        {
        }
        throw new InvalidContinuationTokenException();
    }
}
