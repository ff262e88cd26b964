using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Serialization;

/// <summary>The one JSON shape for everything that crosses a history or journal boundary and for the HTTP API:
/// camelCase, enums as strings, nulls omitted.</summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
