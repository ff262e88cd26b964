using ImagePipeline.Providers;

namespace ImagePipeline.Workflow;

/// <summary>A parsed provider webhook, raised into the workflow.</summary>
public sealed record ProviderCallbackEvent(string Provider, ProviderJobStatus Status, DateTimeOffset ReceivedAt);
