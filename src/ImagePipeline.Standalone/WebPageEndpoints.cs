using ImagePipeline.Web;

namespace ImagePipeline.Standalone;

/// <summary>The browser page at <c>/</c>: one route per embedded file, so nothing else (the API's routes, their 404s
/// and 405s) is shadowed by a catch-all.</summary>
public static class WebPageEndpoints
{
    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpRequest request) => WebPage.Serve(null, request.Path.Value ?? "/"));
        foreach (var name in WebPage.FileNames)
            app.MapGet("/" + name, (HttpRequest request) => WebPage.Serve(name, request.Path.Value ?? "/"));
        return app;
    }
}
