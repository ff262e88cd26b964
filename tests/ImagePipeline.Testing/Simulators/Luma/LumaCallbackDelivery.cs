using System.Net;

namespace ImagePipeline.Testing.Simulators.Luma;

/// <summary>One POST of a Dream Machine generation to its callback URL. <see cref="StatusCode"/> is null when the
/// connection failed; <see cref="Attempt"/> counts Luma's retries (1 = first try).</summary>
public sealed record LumaCallbackDelivery(string GenerationId, string State, int Attempt, HttpStatusCode? StatusCode);
