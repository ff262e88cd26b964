using System.Net;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>The browser page as the real Functions host serves it through the anonymous <c>WebPage</c> function.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class WebPageTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task The_page_and_its_assets_are_served_without_a_key_under_api_ui()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseUrl };

        using var bare = await client.GetAsync("api/ui");
        using var page = await client.GetAsync("api/ui/");
        using var script = await client.GetAsync("api/ui/app.js");
        using var style = await client.GetAsync("api/ui/app.css");
        using var missing = await client.GetAsync("api/ui/nothing.txt");

        // Without the trailing slash the page's relative app.js would resolve to /api/app.js.
        Assert.Equal(HttpStatusCode.PermanentRedirect, bare.StatusCode);
        Assert.Equal("/api/ui/", bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"app.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(script.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
