using ImagePipeline.Configuration;

namespace ImagePipeline.Tests.Configuration;

public sealed class NearestNameTests
{
    [Theory]
    [InlineData("aspect_ratio", "aspectRatio")]
    [InlineData("AspectRatio", "aspectRatio")]
    [InlineData("promt", "prompt")]
    [InlineData("callback_url", "callbackUrl")]
    [InlineData("Segmnd", "Segmind")]
    public void A_typo_finds_the_name_it_meant(string written, string meant) =>
        Assert.Equal(meant, NearestName.Find(written, ["prompt", "aspectRatio", "callbackUrl", "Segmind", "Scenario"]));

    [Fact]
    public void A_different_word_suggests_nothing() =>
        Assert.Null(NearestName.Find("temperature", ["prompt", "aspectRatio", "callbackUrl"]));
}
