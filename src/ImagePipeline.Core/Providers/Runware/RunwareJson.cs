using System.Text.Json;

namespace ImagePipeline.Providers.Runware;

/// <summary>Tolerant readers for Runware's JSON (unknown fields ignored, wrong-typed fields treated as absent).</summary>
internal static class RunwareJson
{
    public static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;
}
