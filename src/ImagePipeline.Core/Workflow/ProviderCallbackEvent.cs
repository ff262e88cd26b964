using ImagePipeline.Providers;

namespace ImagePipeline.Workflow;

/// <summary>A parsed provider webhook, raised into the workflow. It is a hint only: the workflow confirms a terminal
/// state with one status read before acting on it, and ignores a callback naming another job than the one it submitted.</summary>
/// <param name="JobId">The provider job the callback names (null in events journaled before it was carried).</param>
public sealed record ProviderCallbackEvent(string Provider, ProviderJobStatus Status, DateTimeOffset ReceivedAt, string? JobId = null);
