using ImagePipeline.Events;

namespace ImagePipeline.Tests.Events;

public sealed class EventRequestParserTests
{
    [Fact]
    public void A_plain_request_is_read_like_the_body_of_the_HTTP_start()
    {
        var parsed = EventRequestParser.Parse(BinaryData.FromString("""{ "prompt": "a red fox", "provider": "mock", "aspectRatio": "16:9", "metadata": { "order": "7" } }"""));

        Assert.True(parsed.IsRequest);
        Assert.Equal("a red fox", parsed.Request!.Prompt);
        Assert.Equal("mock", parsed.Request.Provider);
        Assert.Equal("16:9", parsed.Request.AspectRatio);
        Assert.Equal("7", parsed.Request.Metadata!["order"]);
        Assert.Null(parsed.IdempotencyKey);
    }

    [Fact]
    public void An_envelope_carries_the_request_and_its_idempotency_key()
    {
        var parsed = EventRequestParser.Parse(BinaryData.FromString("""{ "idempotencyKey": "order-7", "request": { "prompt": "a red fox" } }"""));

        Assert.Equal("a red fox", parsed.Request!.Prompt);
        Assert.Equal("order-7", parsed.IdempotencyKey);
    }

    [Fact]
    public void An_idempotency_key_beside_the_request_fields_is_the_key()
    {
        var parsed = EventRequestParser.Parse(BinaryData.FromString("""{ "prompt": "a red fox", "idempotencyKey": "order-8" }"""));

        Assert.Equal("a red fox", parsed.Request!.Prompt);
        Assert.Equal("order-8", parsed.IdempotencyKey);
    }

    [Fact]
    public void A_misspelt_field_is_refused_naming_it_and_the_field_it_meant()
    {
        var parsed = EventRequestParser.Parse(BinaryData.FromString("""{ "prompt": "a red fox", "aspect_ratio": "16:9", "idempotencyKey": "order-9" }"""));

        Assert.False(parsed.IsRequest);
        Assert.Contains("'aspect_ratio' is not a field of a generation request; did you mean 'aspectRatio'?", parsed.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "no body")]
    [InlineData("{ \"prompt\": \"a fox\"", "not valid JSON")]
    [InlineData("[ { \"prompt\": \"a fox\" } ]", "expected a JSON object, found an array")]
    [InlineData("\"a fox\"", "expected a JSON object, found a string")]
    [InlineData("{ \"prompt\": 42 }", "not a generation request")]
    [InlineData("{ \"request\": \"a fox\" }", "must be a JSON object")]
    [InlineData("{ \"prompt\": \"a fox\", \"idempotencyKey\": 7 }", "idempotencyKey must be a string")]
    public void What_is_not_a_request_is_refused_with_the_reason(string body, string reason)
    {
        var parsed = EventRequestParser.Parse(BinaryData.FromString(body));

        Assert.False(parsed.IsRequest);
        Assert.Contains(reason, parsed.Problem, StringComparison.Ordinal);
    }
}
