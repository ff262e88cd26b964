using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImagePipeline.Api.OpenApi;
using ImagePipeline.Testing.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The standalone host's endpoints are exactly the routes <c>/api/openapi.json</c> documents; it serves that
/// document and a browsable reference that loads nothing from elsewhere.</summary>
public sealed partial class OpenApiRouteTests : IAsyncLifetime
{
    PipelineHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineHost.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Every_endpoint_is_documented_and_every_documented_route_is_mapped()
    {
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsUndocumented(e.RoutePattern.RawText ?? ""))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => DocumentedRoutes.Format(method, e.RoutePattern.RawText ?? "")))
            .ToHashSet();
        var documented = DocumentedRoutes.ExpectedMapped();

        Assert.Empty(endpoints.Except(documented).Order()); // mapped but not documented
        Assert.Empty(documented.Except(endpoints).Order()); // documented but not mapped
        Assert.Empty(DocumentedRoutes.NotYetMapped.Intersect(endpoints).Order()); // merged: take it out of NotYetMapped
    }

    [Fact]
    public async Task The_host_serves_the_document_the_Functions_host_serves()
    {
        using var response = await _host.Http.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3.1.1", served?["openapi"]?.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OpenApiDescription.Json.GetRawText()), served));
    }

    [Fact]
    public async Task The_reference_at_api_docs_is_served_whole_by_the_host()
    {
        using var page = await _host.Http.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();

        // Scalar's loader resolves the document's address against the host's root.
        Assert.Contains("\"url\":\"api/openapi.json\"", html, StringComparison.Ordinal);
        var pageUrl = page.RequestMessage!.RequestUri!; // /api/docs redirects to /api/docs/
        var loaded = LoadedResources().Matches(html).Select(m => m.Groups["url"].Value).ToArray();
        Assert.NotEmpty(loaded);
        foreach (var url in loaded)
        {
            // Nothing from another host (a CDN, web fonts): every script and stylesheet comes from this one.
            var resolved = new Uri(pageUrl, url);
            Assert.Equal(_host.BaseUrl.Authority, resolved.Authority);
            using var resource = await _host.Http.GetAsync(resolved);
            Assert.True(resource.IsSuccessStatusCode, $"{resolved} answered {(int)resource.StatusCode}");
        }
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Standalone routes the document leaves out on purpose: the reference itself, and whatever lies outside
    /// <c>/api</c> (the web page at <c>/</c>).</summary>
    static bool IsUndocumented(string pattern)
    {
        var path = "/" + pattern.TrimStart('/');
        return !path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith(ApiReferenceEndpoints.DocsPrefix, StringComparison.Ordinal);
    }

    /// <summary>What a page loads by itself: script sources and stylesheet or icon links.</summary>
    [GeneratedRegex("""<(?:script[^>]*\ssrc|link[^>]*\shref)\s*=\s*["'](?<url>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex LoadedResources();
}
