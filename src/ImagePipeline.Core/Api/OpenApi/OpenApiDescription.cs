using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Api.OpenApi;

/// <summary>The OpenAPI 3.1 document of the HTTP API (<c>openapi.json</c> beside this file, embedded), which both hosts
/// serve at <c>GET /api/openapi.json</c>. Written by hand rather than generated from one host's endpoints: it describes
/// what the shared <see cref="GenerationApi"/> really answers (problem shapes, headers, examples) on both hosts, and a
/// test holds each host's routes to it.</summary>
public static class OpenApiDescription
{
    public const string Route = "openapi.json";
    public const string ResourceName = "ImagePipeline.Api.OpenApi.openapi.json";

    static readonly Lazy<JsonElement> Document = new(Load);

    /// <summary>The document as parsed JSON.</summary>
    public static JsonElement Json => Document.Value;

    /// <summary>The <c>200</c> answer of <c>GET /api/openapi.json</c>.</summary>
    public static ApiResult Result() => new(StatusCodes.Status200OK, Document.Value);

    static JsonElement Load()
    {
        using var stream = typeof(OpenApiDescription).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(OpenApiDescription).Assembly.GetName().Name}.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }
}
