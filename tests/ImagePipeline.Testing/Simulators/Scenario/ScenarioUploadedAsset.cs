namespace ImagePipeline.Testing.Simulators.Scenario;

/// <summary>An asset the Scenario simulator received through <c>POST /v1/assets</c>.</summary>
public sealed record ScenarioUploadedAsset(string Id, string Name, byte[] Content);
