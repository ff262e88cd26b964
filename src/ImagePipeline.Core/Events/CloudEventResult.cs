using Azure.Messaging;
using ImagePipeline.Events;
using ImagePipeline.Validation;

namespace ImagePipeline.Events;

/// <summary>What <c>POST /api/events</c> did with one CloudEvent: <c>started</c> (a new generation), <c>duplicate</c>
/// (the event was seen before; its generation is named) or <c>refused</c> (with the reason and, for an invalid
/// request, the offending fields; nothing was started).</summary>
public sealed record CloudEventResult(
    string Id,
    string Source,
    string Result,
    string? GenerationId,
    string? StatusUrl,
    string? Reason,
    IReadOnlyList<ValidationError>? Errors)
{
    public const string Started = "started";
    public const string Duplicate = "duplicate";
    public const string Refused = "refused";

    public static CloudEventResult From(CloudEvent cloudEvent, EventStartResult outcome)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentNullException.ThrowIfNull(outcome);
        var result = outcome.Status switch
        {
            EventStartStatus.Started => Started,
            EventStartStatus.AlreadyStarted => Duplicate,
            _ => Refused,
        };
        var statusUrl = outcome.GenerationId is { } id ? $"/api/generations/{id}" : null;
        return new CloudEventResult(cloudEvent.Id, cloudEvent.Source, result, outcome.GenerationId, statusUrl, outcome.Reason,
            outcome.Errors.Count > 0 ? outcome.Errors : null);
    }
}
