using ImagePipeline.Generation;

namespace ImagePipeline.EmbeddedDurable.Listing;

/// <summary>What a generation was created with, as far as listing filters on it (none of it changes afterwards).</summary>
internal sealed class CreationIndexEntry(string instanceId, DateTimeOffset createdAt, string? provider, IReadOnlyDictionary<string, string>? metadata)
{
    public string InstanceId { get; } = instanceId;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string? Provider { get; } = provider;

    public IReadOnlyDictionary<string, string>? Metadata { get; } = metadata;

    /// <summary>Its status once it has ended (it never changes again), so a status filter skips it without a read.</summary>
    public GenerationStatus? FinalStatus { get; set; }
}
