using System.Text;
using ImagePipeline.Notifications;

namespace ImagePipeline.Tests.Notifications;

public class StandardWebhookSignerTests
{
    const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const string Body = "{\"test\": 2432232314}";
    static readonly DateTimeOffset Timestamp = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void Signs_the_reference_vector_of_the_standard_webhooks_libraries()
    {
        // Vector from the Standard Webhooks reference implementations' test suites.
        var signature = new StandardWebhookSigner(Secret).Sign(MessageId, Timestamp, Body);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void A_signature_verifies_within_the_tolerance()
    {
        var signer = new StandardWebhookSigner(Secret);
        var signature = signer.Sign(MessageId, Timestamp, Body);

        Assert.True(signer.Verify(MessageId, "1614265330", signature, Body, Timestamp.AddMinutes(4)));
    }

    [Theory]
    [InlineData("msg_other", "1614265330", Body)]
    [InlineData(MessageId, "1614265331", Body)]
    [InlineData(MessageId, "1614265330", "{\"test\": 2432232315}")]
    [InlineData(MessageId, "1614265330", "{\"test\":2432232314}")]
    public void Any_change_to_id_timestamp_or_body_breaks_the_signature(string id, string timestamp, string body)
    {
        var signer = new StandardWebhookSigner(Secret);
        var signature = signer.Sign(MessageId, Timestamp, Body);

        Assert.False(signer.Verify(id, timestamp, signature, body, Timestamp));
    }

    [Fact]
    public void A_stale_or_future_timestamp_is_refused_even_with_a_valid_signature()
    {
        var signer = new StandardWebhookSigner(Secret);
        var signature = signer.Sign(MessageId, Timestamp, Body);

        Assert.False(signer.Verify(MessageId, "1614265330", signature, Body, Timestamp.AddMinutes(6)));
        Assert.False(signer.Verify(MessageId, "1614265330", signature, Body, Timestamp.AddMinutes(-6)));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var forged = new StandardWebhookSigner("whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("someone else's key"))).Sign(MessageId, Timestamp, Body);

        Assert.False(new StandardWebhookSigner(Secret).Verify(MessageId, "1614265330", forged, Body, Timestamp));
    }

    [Fact]
    public void One_valid_signature_among_several_is_enough_for_key_rotation()
    {
        var signer = new StandardWebhookSigner(Secret);
        var header = $"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc {signer.Sign(MessageId, Timestamp, Body)}";

        Assert.True(signer.Verify(MessageId, "1614265330", header, Body, Timestamp));
    }

    [Theory]
    [InlineData(null, "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData(MessageId, null, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData(MessageId, "1614265330", null)]
    [InlineData(MessageId, "not-a-number", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData(MessageId, "1614265330", "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData(MessageId, "1614265330", "v1,not base64!")]
    public void Missing_or_malformed_headers_do_not_verify(string? id, string? timestamp, string? signature) =>
        Assert.False(new StandardWebhookSigner(Secret).Verify(id, timestamp, signature, Body, Timestamp));

    [Fact]
    public void A_plain_secret_is_used_as_its_utf8_bytes()
    {
        var plain = new StandardWebhookSigner("a-plain-shared-secret");
        var prefixed = new StandardWebhookSigner("whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("a-plain-shared-secret")));

        var signature = plain.Sign(MessageId, Timestamp, Body);

        Assert.Equal(signature, prefixed.Sign(MessageId, Timestamp, Body));
        Assert.True(plain.Verify(MessageId, "1614265330", signature, Body, Timestamp));
    }

    [Fact]
    public void Ids_containing_the_separator_are_refused_when_signing() =>
        Assert.Throws<ArgumentException>(() => new StandardWebhookSigner(Secret).Sign("msg.1", Timestamp, Body));

    [Fact]
    public void A_whsec_secret_that_is_not_base64_is_refused() =>
        Assert.Throws<ArgumentException>(() => new StandardWebhookSigner("whsec_***"));
}
