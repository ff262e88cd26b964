using System.Text;
using ImagePipeline.Providers.Http;
using ImagePipeline.Providers.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Tests.Providers.Http;

public sealed class ProviderHttpTransportTests
{
    /// <summary>Issue 9, part 7: a submit written onto a pooled keep-alive connection the provider closed at that moment
    /// failed "response ended prematurely" and ended submit_outcome_unknown for good, though the provider never
    /// processed it. Submits go out on a connection of their own: the submit succeeds, processed exactly once.</summary>
    [Fact]
    public async Task Submit_after_a_read_is_not_lost_to_a_keep_alive_connection_the_provider_closed()
    {
        await using var server = new IdleClosingServer();
        using var services = ProviderServices();
        var httpClient = services.GetRequiredService<IHttpClientFactory>().CreateClient(ImagePipelineServiceCollectionExtensions.ProviderHttpClientName);
        var transport = new ProviderHttpTransport("test", httpClient, ProviderResiliencePipelines.CreateRegistry(ProviderTestKit.FastResilience()));

        await transport.QueryAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUrl, "status")), CancellationToken.None);
        var submitted = await transport.SubmitAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, "submit"))
        {
            Content = new StringContent("{\"prompt\":\"a lighthouse\"}", Encoding.UTF8, "application/json"),
        }, CancellationToken.None);

        Assert.True(submitted.IsSuccess);
        Assert.Equal(["GET /status", "POST /submit"], server.Processed);
    }

    static ServiceProvider ProviderServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runtime:DataDirectory"] = Path.Combine(Path.GetTempPath(), "imagepipeline-transport-tests"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddImagePipelineCore(configuration);
        return services.BuildServiceProvider();
    }
}
