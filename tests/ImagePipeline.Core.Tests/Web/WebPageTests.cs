using System.Text;
using ImagePipeline.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Core.Tests.Web;

/// <summary>What a browser gets from either host for the page's files: the bytes with the right type, revalidation by
/// ETag, and a policy that lets the page load nothing from elsewhere.</summary>
public sealed class WebPageTests
{
    [Fact]
    public async Task The_page_root_is_its_html_with_revalidation_and_a_same_origin_policy()
    {
        var response = await GetAsync(null, "/");

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Equal("no-cache", response.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Contains("default-src 'none'", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Contains("<script src=\"app.js\"", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("app.css", "text/css; charset=utf-8")]
    public async Task The_script_and_style_are_served_with_their_types(string file, string contentType)
    {
        var response = await GetAsync(file, "/" + file);

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal(contentType, response.ContentType);
        Assert.NotEmpty(response.Body);
    }

    [Fact]
    public async Task A_browser_revalidating_its_copy_by_etag_gets_304_without_a_body()
    {
        var first = await GetAsync("app.js", "/app.js");
        var etag = first.Headers.ETag.ToString();
        Assert.Matches("^\"[0-9a-f]{64}\"$", etag);

        var again = await GetAsync("app.js", "/app.js", etag);

        Assert.Equal(StatusCodes.Status304NotModified, again.StatusCode);
        Assert.Empty(again.Body);
    }

    [Fact]
    public async Task The_functions_route_without_its_trailing_slash_redirects_so_relative_assets_resolve_under_it()
    {
        var response = await GetAsync("", "/api/ui");

        Assert.Equal(StatusCodes.Status308PermanentRedirect, response.StatusCode);
        Assert.Equal("/api/ui/", response.Headers.Location.ToString());
    }

    [Fact]
    public async Task A_file_the_page_does_not_have_is_a_404_problem()
    {
        var response = await GetAsync("../appsettings.json", "/api/ui/../appsettings.json");

        Assert.Equal(StatusCodes.Status404NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    static async Task<(int StatusCode, string? ContentType, IHeaderDictionary Headers, string Body)> GetAsync(string? path, string requestPath, string? ifNoneMatch = null)
    {
        using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = requestPath;
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        using var body = new MemoryStream();
        context.Response.Body = body;

        await WebPage.Serve(path, requestPath).ExecuteAsync(context);

        return (context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, Encoding.UTF8.GetString(body.ToArray()));
    }
}
