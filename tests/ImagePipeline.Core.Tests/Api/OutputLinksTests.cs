using ImagePipeline.Generation;

namespace ImagePipeline.Tests.Api;

public sealed class OutputLinksTests
{
    static readonly GenerationStatusDocument Completed = new()
    {
        Id = "gen_abc",
        Status = GenerationStatus.Completed,
        Provider = "mock",
        Model = "mock-uni-1",
        Outputs =
        [
            new("file:///data/outputs/2026/11/30/gen_abc/0.png", "image/png", 10, "aa", 1, 1),
            new("file:///data/outputs/2026/11/30/gen_abc/1.png", "image/png", 10, "bb", 1, 1),
        ],
    };

    [Fact]
    public void Without_a_public_base_url_each_output_links_the_relative_download_path()
    {
        var document = OutputLinks.Apply(Completed, publicBaseUrl: null);

        Assert.Equal(["/api/generations/gen_abc/outputs/0", "/api/generations/gen_abc/outputs/1"], document.Outputs.Select(o => o.Url));
        Assert.Equal(Completed.Outputs.Select(o => o.Uri), document.Outputs.Select(o => o.Uri));
    }

    [Fact]
    public void With_a_public_base_url_the_links_are_absolute_under_it_path_included()
    {
        var document = OutputLinks.Apply(Completed, new Uri("https://images.example.com/pipeline/?ignored=1"));

        Assert.Equal("https://images.example.com/pipeline/api/generations/gen_abc/outputs/1", document.Outputs[1].Url);
    }
}
