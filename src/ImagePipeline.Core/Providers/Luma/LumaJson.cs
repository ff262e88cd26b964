using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Providers.Luma;

/// <summary>Luma's wire JSON: snake_case, nulls left out (a ref must carry exactly one of its fields).</summary>
internal static class LumaJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
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
