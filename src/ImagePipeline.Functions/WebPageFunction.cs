using ImagePipeline.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImagePipeline.Functions;

/// <summary>The browser page at <c>/api/ui/</c>. Anonymous: the files hold no secrets, and the page sends the function
/// key the user pastes with every API call it makes.</summary>
public sealed class WebPageFunction
{
    [Function("WebPage")]
    public static IActionResult Serve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui/{*path}")] HttpRequest request,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WebPage.Serve(path, request.Path.Value ?? "/");
    }
}
