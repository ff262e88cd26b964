using Azure.Messaging;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;

namespace ImagePipeline.Notifications.Completion;

/// <summary>The one shape of a completion event, whatever carries it: <c>type</c> from <see cref="CompletionEventTypes.For"/>,
/// <c>source</c> <see cref="CompletionEventTypes.Source"/>, <c>subject</c> the generation id, <c>data</c> the final status
/// document (the JSON of <c>GET /api/generations/{id}</c>).</summary>
public static class CompletionCloudEvents
{
    public const string DataContentType = "application/json";

    public static CloudEvent Create(GenerationStatusDocument finalStatus)
    {
        ArgumentNullException.ThrowIfNull(finalStatus);
        var cloudEvent = new CloudEvent(CompletionEventTypes.Source, CompletionEventTypes.For(finalStatus.Status),
            BinaryData.FromObjectAsJson(finalStatus, WorkflowJson.Options), DataContentType, CloudEventDataFormat.Json)
        {
            Id = IdFor(finalStatus),
            Subject = finalStatus.Id,
        };
        if (finalStatus.UpdatedAt != default) cloudEvent.Time = finalStatus.UpdatedAt;
        return cloudEvent;
    }

    /// <summary>Stable per generation and outcome, so a re-published event (a retried step) can be deduplicated downstream.</summary>
    public static string IdFor(GenerationStatusDocument finalStatus)
    {
        ArgumentNullException.ThrowIfNull(finalStatus);
        return $"{finalStatus.Id}-{finalStatus.Status.ToString().ToLowerInvariant()}";
    }
}
