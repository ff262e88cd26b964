namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>A provider webhook the relay received and kept back, to be delivered when and as often as a scenario says.</summary>
public sealed record HeldCallback(string Provider, string GenerationId, string? Token, byte[] Body);
