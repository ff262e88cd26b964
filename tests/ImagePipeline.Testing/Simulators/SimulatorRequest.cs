namespace ImagePipeline.Testing.Simulators;

/// <summary>One request a simulator answered, for tests that check when a client called (e.g. after a Retry-After).</summary>
public sealed record SimulatorRequest(DateTimeOffset ReceivedAt, string Method, string Path, int StatusCode);
