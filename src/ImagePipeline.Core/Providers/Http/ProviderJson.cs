using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Providers.Http;

/// <summary>Wire JSON of the providers that speak snake_case (Segmind, GMI Cloud, Luma): unknown fields are ignored so
/// new ones never break polling, and nulls are left out (a Luma image ref must carry exactly one of its fields).</summary>
internal static class ProviderJson
{
    public static JsonSerializerOptions SnakeCase { get; } = CreateSnakeCase();

    static JsonSerializerOptions CreateSnakeCase()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
