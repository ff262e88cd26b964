namespace ImagePipeline.Health;

/// <summary>Health checks tagged <see cref="Ready"/> decide <c>GET /api/health/ready</c>.</summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
