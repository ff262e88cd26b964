using ImagePipeline.Generation;

namespace ImagePipeline.Events;

/// <summary>A queue message body or CloudEvent <c>data</c> read as a generation request: the request and the optional
/// idempotency key of its envelope, or why it is not a request (<see cref="Problem"/>).</summary>
public sealed record ParsedEventRequest(GenerationRequest? Request, string? IdempotencyKey, string? Problem)
{
    public bool IsRequest => Request is not null;

    public static ParsedEventRequest Refused(string problem) => new(null, null, problem);
}
