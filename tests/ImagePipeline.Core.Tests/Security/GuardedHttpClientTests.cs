using System.Net;
using ImagePipeline.Security;
using ImagePipeline.Testing;

namespace ImagePipeline.Tests.Security;

/// <summary>The guarded client against a real listener on 127.0.0.1 that counts accepted connections.</summary>
public sealed class GuardedHttpClientTests
{
    static readonly SecurityOptions Production = new();
    static readonly SecurityOptions Loopback = new() { AllowPrivateNetworkFetches = true };

    [Fact]
    public async Task A_loopback_https_url_is_refused_before_anything_connects()
    {
        await using var server = CountingLoopbackServer.Answering(200);
        using var client = GuardedHttpClient.Create(Production);

        await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => client.GetAsync($"https://127.0.0.1:{server.Port}/secret/internal.json"));

        Assert.Equal(0, server.Accepted);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/secret/internal.json")]
    [InlineData("https://[::ffff:127.0.0.1]:{0}/")]
    [InlineData("https://127.1:{0}/")]
    [InlineData("https://2130706433:{0}/")]
    public async Task Every_spelling_of_loopback_is_refused_without_a_connection(string template)
    {
        await using var server = CountingLoopbackServer.Answering(200);
        using var client = GuardedHttpClient.Create(Production);

        await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, server.Port)));

        Assert.Equal(0, server.Accepted);
    }

    /// <summary>Nothing but the connect callback looks at names: this is what stops a name re-pointed at an internal
    /// address after validation (DNS rebinding).</summary>
    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time()
    {
        await using var server = CountingLoopbackServer.Answering(200);
        using var client = GuardedHttpClient.Create(Production);

        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => client.GetAsync($"https://localhost:{server.Port}/"));

        Assert.Contains("resolves to", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Accepted);
    }

    [Fact]
    public async Task With_the_test_setting_on_the_loopback_listener_is_reached()
    {
        await using var server = CountingLoopbackServer.Answering(200, "hello");
        using var client = GuardedHttpClient.Create(Loopback);

        var body = await client.GetStringAsync($"http://127.0.0.1:{server.Port}/");

        Assert.Equal("hello", body);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task A_redirect_from_a_public_host_to_loopback_is_refused_at_the_second_hop()
    {
        await using var server = CountingLoopbackServer.Answering(200);
        using var client = ClientBehindPublicHost(Production, $"https://127.0.0.1:{server.Port}/latest/meta-data/");

        await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => client.GetAsync("https://public.example/image.png"));

        Assert.Equal(0, server.Accepted);
    }

    [Fact]
    public async Task A_redirect_from_https_to_http_is_refused_even_with_the_test_setting_on()
    {
        await using var server = CountingLoopbackServer.Answering(200);
        using var client = ClientBehindPublicHost(Loopback, $"http://127.0.0.1:{server.Port}/");

        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => client.GetAsync("https://public.example/image.png"));

        Assert.Contains("https to http", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Accepted);
    }

    [Fact]
    public async Task Redirects_are_bounded()
    {
        var standIn = new PublicHostStandIn("https://public.example/again");
        using var client = new HttpClient(GuardedHttpClient.CreateHandler(Production, primary => { standIn.InnerHandler = primary; return standIn; }));

        var refused = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => client.GetAsync("https://public.example/image.png"));

        Assert.Contains("redirects", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Production.MaxRedirects + 1, standIn.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_cap_is_refused(bool announceLength)
    {
        await using var server = CountingLoopbackServer.Serving(200_000, announceLength);
        using var client = GuardedHttpClient.Create(new SecurityOptions { AllowPrivateNetworkFetches = true, MaxResponseBytes = 100_000 });

        await Assert.ThrowsAsync<OutboundRequestRefusedException>(async () =>
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{server.Port}/big.png", HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(Stream.Null);
        });
    }

    [Fact]
    public async Task A_body_within_the_cap_is_read_whole()
    {
        await using var server = CountingLoopbackServer.Serving(100_000, announceLength: false);
        using var client = GuardedHttpClient.Create(new SecurityOptions { AllowPrivateNetworkFetches = true, MaxResponseBytes = 100_000 });

        var bytes = await client.GetByteArrayAsync($"http://127.0.0.1:{server.Port}/ok.png");

        Assert.Equal(100_000, bytes.Length);
    }

    /// <summary>The guard, with "public.example" answered by a stand-in (302 to <paramref name="location"/>) and every
    /// other host left to the real socket handler and its connect-time check.</summary>
    static HttpClient ClientBehindPublicHost(SecurityOptions options, string location) =>
        new(GuardedHttpClient.CreateHandler(options, primary => new PublicHostStandIn(location) { InnerHandler = primary }));

    sealed class PublicHostStandIn(string location) : DelegatingHandler
    {
        int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.Host != "public.example") return base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref _requests);
            var response = new HttpResponseMessage(HttpStatusCode.Found) { RequestMessage = request };
            response.Headers.Location = new Uri(location);
            return Task.FromResult(response);
        }
    }
}
