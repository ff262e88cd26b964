using System.Text.Json;
using ImagePipeline.Serialization;

namespace ImagePipeline.Api;

/// <summary>How request bodies are read: <see cref="WorkflowJson"/>'s shape, but strict where a lenient reader would let
/// a hostile body through — a member given twice is refused (which one would win is the reader's choice, not the
/// caller's), nesting is bounded far below the default 64, and a member the request does not have is refused (see
/// <see cref="UnknownRequestField"/>) rather than silently ignored.</summary>
public static class ApiJson
{
    public const int MaxDepth = 16;

    public static JsonSerializerOptions RequestOptions { get; } = Create();

    /// <summary>The request member a <see cref="JsonException"/> is about (<c>$.metadata.a</c> → <c>metadata</c>), or
    /// <see cref="BoundedRequestBody.Field"/> when it is about the body as a whole.</summary>
    public static string FieldOf(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = exception.Path;
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal)) return BoundedRequestBody.Field;
        var member = path[2..];
        var end = member.IndexOfAny(['.', '[']);
        return end < 0 ? member : member[..end];
    }

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(WorkflowJson.Options) {
            AllowDuplicateProperties = false,
            MaxDepth = MaxDepth,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
