using System.Net;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Security;
using ImagePipeline.Testing;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The standalone host with the production setting (<c>Security:AllowPrivateNetworkFetches</c> off) and the
/// in-process mock provider, so nothing but the caller's URLs is on the network.</summary>
public sealed class OutboundGuardTests
{
    static Dictionary<string, string?> ProductionSettings() => new()
    {
        ["Security:AllowPrivateNetworkFetches"] = "false",
        ["Pipeline:DefaultProvider"] = "mock",
        ["Providers:Mock:Delay"] = "00:00:00.100",
    };

    [Theory]
    [InlineData("callbackUrl", "http://10.0.0.1/hook")]
    [InlineData("callbackUrl", "https://169.254.169.254/latest/meta-data/")]
    [InlineData("callbackUrl", "https://127.1/hook")]
    [InlineData("image", "https://[::ffff:127.0.0.1]/secret/internal.json")]
    [InlineData("referenceImages[0]", "https://0x7f000001/a.png")]
    public async Task A_url_on_a_private_address_is_refused_with_a_400_naming_the_field(string field, string url)
    {
        await using var host = await PipelineHost.StartAsync(ProductionSettings());
        object body = field switch
        {
            "callbackUrl" => new { prompt = "a fox", callbackUrl = url },
            "image" => new { prompt = "a fox", image = url },
            _ => new { prompt = "a fox", referenceImages = new[] { url } },
        };

        using var response = await host.StartGenerationAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    /// <summary>The host's own name resolves to a loopback address (a stand-in for a public name re-pointed at an
    /// internal one): validation cannot see that, the connect-time check does.</summary>
    [Fact]
    public async Task A_callback_whose_name_resolves_to_a_private_address_is_recorded_as_refused_by_policy_and_never_connected()
    {
        var name = Dns.GetHostName();
        var addresses = await Dns.GetHostAddressesAsync(name);
        Assert.True(addresses.Length > 0 && addresses.All(NetworkAddressPolicy.IsForbidden),
            $"This test needs the host name {name} to resolve only to non-public addresses; it resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}.");
        await using var listener = CountingLoopbackServer.Answering(200);
        await using var host = await PipelineHost.StartAsync(ProductionSettings());

        var id = await host.StartAndGetIdAsync(new { prompt = "a fox", callbackUrl = $"https://{name}:{listener.Port}/hook" });
        var done = await host.WaitForAsync(id, s => s.Notification is not null);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal(new NotificationSummary(false, 1, null, "The callback URL was refused by policy."), done.Notification);
        Assert.Equal(0, listener.Accepted);
    }
}
