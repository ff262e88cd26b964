using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Providers.Segmind;

/// <summary>Segmind speaks snake_case JSON; unknown fields are ignored so new ones never break polling.</summary>
internal static class SegmindJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
