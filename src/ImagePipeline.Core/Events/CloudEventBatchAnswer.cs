namespace ImagePipeline.Events;

/// <summary>The <c>202</c> body of <c>POST /api/events</c>: one result per event, in the order they were sent.</summary>
public sealed record CloudEventBatchAnswer(IReadOnlyList<CloudEventResult> Results);
