using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Providers.GmiCloud;

/// <summary>GMI Cloud speaks snake_case JSON; unknown fields are ignored so new ones never break polling.</summary>
internal static class GmiCloudJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
