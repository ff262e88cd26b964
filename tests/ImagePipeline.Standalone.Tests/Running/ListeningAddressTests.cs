using System.Net;
using ImagePipeline.Testing;

namespace ImagePipeline.Standalone.Tests.Running;

/// <summary>Where the real host process listens is decided by the standard settings (a container's
/// <c>ASPNETCORE_URLS</c> / <c>ASPNETCORE_HTTP_PORTS</c>), not by appsettings.json; beyond loopback it asks for a key.</summary>
public sealed class ListeningAddressTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("imagepipeline-urls-").FullName;

    [Fact]
    public async Task ASPNETCORE_URLS_decides_where_the_host_listens()
    {
        var port = LoopbackPorts.Free();
        var settings = new Dictionary<string, string?> { ["Runtime__DataDirectory"] = _data, ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };

        await using var host = await StandaloneProcess.StartAsync(settings, [], new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = host.BaseUrl };

        // On loopback the API stays open: no key needed.
        using var unknown = await http.GetAsync("api/generations/no-such-generation");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task HTTP_PORTS_listens_on_every_interface_and_then_every_api_call_needs_a_key()
    {
        var port = LoopbackPorts.Free();
        var settings = new Dictionary<string, string?>
        {
            ["Runtime__DataDirectory"] = _data,
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api__Keys__0"] = "old-key",
            ["Api__Keys__1"] = "new-key",
        };

        // Only loopback is ever connected to; the host itself binds every interface.
        await using var host = await StandaloneProcess.StartAsync(settings, [], new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = host.BaseUrl };

        using var without = await http.GetAsync("api/generations/no-such-generation");
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith("x-api-key", "wrong-key"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusWith("x-api-key", "old-key"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusWith("Authorization", "Bearer new-key"));

        // Probes stay open, and so do provider callbacks (they carry their own token: 401 here is the token's, not the key's).
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/health/live")).StatusCode);
        // The API's description holds no data and says itself that it is open (its security: []).
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/openapi.json")).StatusCode);
        // The page is outside /api: it asks its user for the key and sends it with its own calls.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        using var callback = await http.PostAsync("api/callbacks/runware/some-id?token=forged", new StringContent("{}"));
        Assert.False(callback.Headers.WwwAuthenticate.Count > 0, "a provider callback was asked for an API key");

        async Task<HttpStatusCode> StatusWith(string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/generations/no-such-generation");
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
