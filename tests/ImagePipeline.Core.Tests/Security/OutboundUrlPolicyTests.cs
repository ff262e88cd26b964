using ImagePipeline.Security;

namespace ImagePipeline.Tests.Security;

public sealed class OutboundUrlPolicyTests
{
    [Theory]
    [InlineData("http://example.com/a.png", "not an https URL")]
    [InlineData("ftp://example.com/a.png", "not an https URL")]
    [InlineData("file:///etc/passwd", "not an https URL")]
    [InlineData("https://localhost/a.png", "a local host name")]
    [InlineData("https://LOCALHOST./a.png", "a local host name")]
    [InlineData("https://api.localhost/a.png", "a local host name")]
    [InlineData("https://127.0.0.1/secret/internal.json", "a private or reserved address")]
    [InlineData("https://127.1/a.png", "a private or reserved address")]
    [InlineData("https://0x7f000001/a.png", "a private or reserved address")]
    [InlineData("https://2130706433/a.png", "a private or reserved address")]
    [InlineData("https://0177.0.0.1/a.png", "a private or reserved address")]
    [InlineData("https://[::1]/a.png", "a private or reserved address")]
    [InlineData("https://[::ffff:127.0.0.1]/a.png", "a private or reserved address")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "a private or reserved address")]
    [InlineData("https://10.0.0.5/a.png", "a private or reserved address")]
    [InlineData("https://192.168.1.1/hook", "a private or reserved address")]
    [InlineData("https://[fd00::1]/a.png", "a private or reserved address")]
    [InlineData("https://[fe80::1]/a.png", "a private or reserved address")]
    [InlineData("https://0.0.0.0/a.png", "a private or reserved address")]
    public void What_can_be_seen_up_front_is_refused(string url, string problem) =>
        Assert.Equal(problem, OutboundUrlPolicy.Check(url, allowPrivateNetwork: false));

    [Theory]
    [InlineData("https://example.com/a.png")]
    [InlineData("https://93.184.216.34/a.png")]
    [InlineData("https://[2606:2800::1]/a.png")]
    [InlineData("https://cdn.example.net:8443/out/0.png?sig=abc")]
    public void A_public_https_url_passes(string url) =>
        Assert.Null(OutboundUrlPolicy.Check(url, allowPrivateNetwork: false));

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("https://localhost/a.png")]
    [InlineData("http://10.0.0.5/a.png")]
    public void The_test_setting_lets_loopback_and_plain_http_through(string url) =>
        Assert.Null(OutboundUrlPolicy.Check(url, allowPrivateNetwork: true));

    [Theory]
    [InlineData("http://example.com/hook")]
    [InlineData("http://93.184.216.34/a.png")]
    public void The_test_setting_still_refuses_plain_http_across_the_internet(string url) =>
        Assert.Equal("not an https URL", OutboundUrlPolicy.Check(url, allowPrivateNetwork: true));

    [Fact]
    public void The_test_setting_still_wants_an_http_url() =>
        Assert.NotNull(OutboundUrlPolicy.Check("ftp://127.0.0.1/a.png", allowPrivateNetwork: true));
}
