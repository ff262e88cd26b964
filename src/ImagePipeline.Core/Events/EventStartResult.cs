using ImagePipeline.Validation;

namespace ImagePipeline.Events;

/// <summary>The outcome for one queue message or CloudEvent: the generation it started (or had started), or why it was
/// refused (<see cref="Reason"/>, with the offending fields in <see cref="Errors"/> for an invalid request).</summary>
public sealed record EventStartResult(EventStartStatus Status, string? GenerationId, string? Reason, IReadOnlyList<ValidationError> Errors)
{
    public static EventStartResult Started(string generationId) => new(EventStartStatus.Started, generationId, null, []);

    public static EventStartResult AlreadyStarted(string generationId) => new(EventStartStatus.AlreadyStarted, generationId, null, []);

    public static EventStartResult Poison(string reason, IReadOnlyList<ValidationError>? errors = null) =>
        new(EventStartStatus.Poison, null, reason, errors ?? []);
}
