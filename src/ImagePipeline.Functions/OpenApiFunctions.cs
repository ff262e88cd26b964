using ImagePipeline.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImagePipeline.Functions;

/// <summary><c>GET /api/openapi.json</c>: the core's OpenAPI document, the same the standalone host serves (anonymous:
/// it describes the API, it grants nothing).</summary>
public sealed class OpenApiFunctions
{
    [Function("OpenApiDocument")]
    public IActionResult Document(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpenApiDescription.Route)] HttpRequest request) =>
        OpenApiDescription.Result();
}
