namespace ImagePipeline.Testing.Simulators.Luma;

/// <summary>One API request the Luma simulator answered (file downloads excluded): when it arrived and what it got.</summary>
public sealed record LumaSimulatorRequest(string Method, string Path, DateTimeOffset ReceivedAt, int StatusCode);
