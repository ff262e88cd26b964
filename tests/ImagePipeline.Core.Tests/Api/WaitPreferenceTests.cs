using ImagePipeline.Api;

namespace ImagePipeline.Core.Tests.Api;

public sealed class WaitPreferenceTests
{
    [Theory]
    [InlineData("wait=5", 5)]
    [InlineData("respond-async, wait=12", 12)]
    [InlineData("WAIT=\"7\"", 7)]
    [InlineData("wait=60", 60)]
    [InlineData("wait=600", 60)] // clamped, as Replicate does
    [InlineData("wait=99999999999999", 60)]
    public void A_wait_preference_is_read_and_clamped_to_60_seconds(string header, int expected) =>
        Assert.Equal(expected, WaitPreference.Parse(header));

    [Theory]
    [InlineData("")]
    [InlineData("respond-async")]
    [InlineData("wait=soon")]
    [InlineData("wait=-3")]
    public void A_header_without_a_usable_wait_is_ignored(string header) =>
        Assert.Null(WaitPreference.Parse(header));
}
