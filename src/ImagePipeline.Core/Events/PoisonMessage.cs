using System.Text;
using System.Text.Json;
using ImagePipeline.Serialization;
using ImagePipeline.Validation;

namespace ImagePipeline.Events;

/// <summary>The record of a refused message or event, as written to the poison queue: where it came from, its id,
/// why it was refused and its original body (as text).</summary>
/// <param name="Origin"><see cref="QueueOrigin"/> or <see cref="CloudEventOrigin"/>.</param>
/// <param name="OriginalId">The queue message id or the CloudEvent id.</param>
/// <param name="EventSource">The CloudEvent <c>source</c>; null for queue messages.</param>
/// <param name="Body">The queue message body, or the whole CloudEvent as JSON.</param>
/// <param name="BodyTruncated">True when <paramref name="Body"/> was shortened to fit a queue message.</param>
public sealed record PoisonMessage(
    string Origin,
    string OriginalId,
    string? EventSource,
    string Reason,
    IReadOnlyList<ValidationError> Errors,
    string Body,
    DateTimeOffset RecordedAt,
    bool BodyTruncated = false)
{
    public const string QueueOrigin = "queue";
    public const string CloudEventOrigin = "cloudevent";

    /// <summary>A storage queue message holds at most 64 KiB; leave room for the envelope.</summary>
    public const int MaxJsonBytes = 60 * 1024;

    /// <summary>The JSON written to the poison queue; an oversized body is cut (and flagged) so that moving a message
    /// aside can never fail for its size and leave it to be retried forever.</summary>
    public string ToJson()
    {
        var message = this;
        while (true)
        {
            var json = JsonSerializer.Serialize(message, WorkflowJson.Options);
            if (Encoding.UTF8.GetByteCount(json) <= MaxJsonBytes || message.Body.Length == 0) return json;
            var cut = message.Body.Length / 2;
            if (cut > 0 && char.IsHighSurrogate(message.Body[cut - 1])) cut--;
            message = message with { Body = message.Body[..cut], BodyTruncated = true };
        }
    }
}
