using ImagePipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ImagePipeline.Web;

/// <summary>The answer to a request for one of the page's files, for either host (an <see cref="IResult"/> for the
/// standalone host, an <see cref="IActionResult"/> for Functions).</summary>
public sealed class WebPageResult : IResult, IActionResult
{
    /// <summary>Same-origin only: the page loads nothing from elsewhere, images come from the API as blob URLs, and an
    /// injected script or style from a stored prompt has nowhere to run.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Revalidate every time (a cheap 304 by ETag): the file names carry no version, so a stored copy must not
    /// outlive a deployment.</summary>
    public const string CacheControl = "no-cache";

    readonly WebPageFile? file;
    readonly string? location;
    readonly string? missing;

    WebPageResult(WebPageFile? file, string? location, string? missing)
    {
        this.file = file;
        this.location = location;
        this.missing = missing;
    }

    internal static WebPageResult File(WebPageFile file) => new(file, null, null);
    internal static WebPageResult Redirect(string location) => new(null, location, null);
    internal static WebPageResult NotFound(string path) => new(null, null, path);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        if (location is not null)
        {
            response.StatusCode = StatusCodes.Status308PermanentRedirect;
            response.Headers.Location = location;
            return Task.CompletedTask;
        }
        if (file is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found.", $"The page has no file '{missing}'.")
                .ExecuteAsync(httpContext);
        }
        response.Headers.CacheControl = CacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        // Answers If-None-Match with 304 and sets ETag.
        return TypedResults.Bytes(file.Content, file.ContentType, entityTag: file.EntityTag).ExecuteAsync(httpContext);
    }

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExecuteAsync(context.HttpContext);
    }
}
