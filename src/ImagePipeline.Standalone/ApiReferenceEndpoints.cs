using ImagePipeline.Api.OpenApi;
using Scalar.AspNetCore;

namespace ImagePipeline.Standalone;

/// <summary><c>GET /api/openapi.json</c> (the core's document, as the Functions host serves it) and the browsable
/// reference over it at <c>/api/docs</c> (Scalar; its script is served by this host, nothing is loaded from elsewhere).</summary>
public static class ApiReferenceEndpoints
{
    public const string DocsPrefix = "/api/docs";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/" + OpenApiDescription.Route, () => OpenApiDescription.Result());
        app.MapScalarApiReference(DocsPrefix, options => options
            .WithTitle("Image pipeline API")
            .WithOpenApiRoutePattern("/api/" + OpenApiDescription.Route)
            // Scalar's defaults fetch fonts and report usage to its servers; the reference must work offline and stay quiet.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return app;
    }
}
