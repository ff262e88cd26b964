using ImagePipeline.Generation;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Security;

/// <summary>A URL the server would later fetch or post to is refused up front, naming the field, when what it points
/// at is visible in the URL itself (scheme, an address literal, localhost).</summary>
public sealed class OutboundUrlValidationTests
{
    public static TheoryData<string> Refused =>
    [
        "http://images.example.com/a.png",
        "https://localhost/a.png",
        "https://127.0.0.1:8080/secret/internal.json",
        "https://127.1/a.png",
        "https://0x7f000001/a.png",
        "https://2130706433/a.png",
        "https://[::1]/a.png",
        "https://[::ffff:127.0.0.1]/a.png",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.5/a.png",
        "https://192.168.1.1/a.png",
        "https://[fd00::1]/a.png",
    ];

    static ValidationResult Validate(GenerationRequest request, bool allowPrivateNetwork = false) =>
        GenerationRequestValidator.Validate(request, ProviderNames.Scenario, allowPrivateNetwork: allowPrivateNetwork);

    static string Field(ValidationResult result) => Assert.Single(result.Errors).Field;

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_callback_url_on_a_private_address_or_plain_http_is_refused(string url) =>
        Assert.Equal("callbackUrl", Field(Validate(new GenerationRequest { Prompt = "a fox", CallbackUrl = url })));

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_source_image_url_on_a_private_address_or_plain_http_is_refused(string url) =>
        Assert.Equal("image", Field(Validate(new GenerationRequest { Prompt = "a fox", Image = url })));

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_reference_image_url_on_a_private_address_or_plain_http_is_refused(string url) =>
        Assert.Equal("referenceImages[0]", Field(Validate(new GenerationRequest { Prompt = "a fox", ReferenceImages = [url] })));

    [Fact]
    public void Public_https_urls_pass() =>
        Assert.True(Validate(new GenerationRequest
        {
            Prompt = "a fox", CallbackUrl = "https://hooks.example.com/done", Image = "https://93.184.216.34/a.png",
            ReferenceImages = ["https://images.example.com/r.png"],
        }).IsValid);

    [Fact]
    public void The_test_setting_lets_loopback_urls_through() =>
        Assert.True(Validate(new GenerationRequest
        {
            Prompt = "a fox", CallbackUrl = "http://127.0.0.1:5000/hook", Image = "http://127.0.0.1:5001/a.png",
        }, allowPrivateNetwork: true).IsValid);
}
