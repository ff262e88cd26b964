using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImagePipeline.Providers.Mock;

namespace ImagePipeline.Standalone.Tests.HostileInputs;

/// <summary>
/// Requests a hostile or careless caller sends, each with the answer it must get: the status, and the field the problem
/// names under <c>errors</c>. None may start anything. The host they run against (<see cref="HostileInputTests"/>)
/// has Segmind, Runware, Scenario and Luma configured (Runware the default) and the mock at its production default
/// (off, since real providers are configured); its body limit is the default 16 MiB.
/// </summary>
public static class HostileInputCorpus
{
    const string Generations = "api/generations";
    const string Events = "api/events";
    const long BodyLimit = 16 * 1024 * 1024;

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var hostile in All) names.Add(hostile.Name);
        return names;
    }

    public static HostileCase Find(string name) => All.Single(c => c.Name == name);

    static List<HostileCase> Build()
    {
        var cases = new List<HostileCase>();
        void Add(string name, int status, string field, Func<HttpContent?> body, string route = Generations) =>
            cases.Add(new HostileCase(name, route, body, status, field));
        void Field(string name, string field, string json) => Add(name, 400, field, () => Json(json));
        void Request(string name, string field, object request) => Add(name, 400, field, () => Json(JsonSerializer.Serialize(request)));

        // The body: size, framing, media type, JSON shape.
        Add("body: 31 MB declared (issue)", 413, "body", () => Bytes(31 * 1024 * 1024, "application/json"));
        Add("body: 26.7 MB data-URI request (issue)", 413, "body", () => Json(JsonSerializer.Serialize(new
        {
            prompt = "edit this", image = PngDataUri(20_000_000),
        })));
        Add("body: 16 MiB + 1 declared", 413, "body", () => Bytes(BodyLimit + 1, "application/json"));
        Add("body: 17 MB chunked (no Content-Length)", 413, "body", () => Chunked(17 * 1024 * 1024));
        Add("events: 50 MB body (issue)", 413, "body", () => Bytes(50 * 1024 * 1024, "application/cloudevents+json"), Events);
        Add("events: 17 MB chunked", 413, "body", () => Chunked(17 * 1024 * 1024, "application/cloudevents+json"), Events);
        cases.Add(new HostileCase("body: shorter than its Content-Length (issue)", Generations, () => Json("""{"prompt":"a fox"}"""), 400, "body")
        {
            DeclaredLength = 4096,
        });
        cases.Add(new HostileCase("events: shorter than its Content-Length", Events, () => Json("""{"specversion":"1.0"}"""), 400, "body")
        {
            DeclaredLength = 10_000,
        });
        Add("content type: text/plain", 415, "Content-Type", () => Text("""{"prompt":"a fox"}""", "text/plain"));
        Add("content type: form-urlencoded (curl -d)", 415, "Content-Type", () => Text("prompt=a+fox", "application/x-www-form-urlencoded"));
        Add("content type: multipart/form-data", 415, "Content-Type", () => Text("--x\r\n\r\n--x--", "multipart/form-data"));
        Add("content type: application/xml", 415, "Content-Type", () => Text("<prompt>a fox</prompt>", "application/xml"));
        Add("content type: image/png", 415, "Content-Type", () => Text("\u0089PNG", "image/png"));
        Add("content type: text/json-ish junk", 415, "Content-Type", () => Text("""{"prompt":"a fox"}""", "text/html"));
        Add("events: content type text/plain", 415, "Content-Type", () => Text("{}", "text/plain"), Events);
        Add("body: empty", 400, "body", () => Json(""));
        Add("body: null", 400, "body", () => Json("null"));
        Add("body: an array", 400, "body", () => Json("""[{"prompt":"a fox"}]"""));
        Add("body: a string", 400, "body", () => Json("\"a fox\""));
        Add("body: a number", 400, "body", () => Json("42"));
        Add("body: not JSON", 400, "body", () => Json("{ not json"));
        Add("body: trailing garbage", 400, "body", () => Json("""{"prompt":"a fox"} {"prompt":"again"}"""));
        Add("body: unterminated string", 400, "prompt", () => Json("""{"prompt":"a fox"""));
        Add("body: nesting bomb at the root", 400, "body", () => Json(new string('[', 100_000) + new string(']', 100_000)));
        Add("body: nesting bomb in metadata", 400, "metadata", () => Json("""{"prompt":"a fox","metadata":""" + new string('{', 5_000) + "}"));
        Add("body: invalid UTF-8", 400, "prompt", () => Raw([.. "{\"prompt\":\""u8, 0xC3, 0x28, .. "\"}"u8], "application/json"));
        Add("body: UTF-8 BOM then junk", 400, "body", () => Raw([0xEF, 0xBB, 0xBF, .. "\u0000"u8], "application/json"));
        Field("json: duplicate prompt", "prompt", """{"prompt":"a fox","prompt":"something else"}""");
        Field("json: duplicate provider", "provider", """{"prompt":"a fox","provider":"mock","provider":"runware"}""");
        Field("json: duplicate metadata key", "metadata", """{"prompt":"a fox","metadata":{"a":"1","a":"2"}}""");
        Field("json: prompt is a number", "prompt", """{"prompt":123}""");
        Field("json: prompt is an object", "prompt", """{"prompt":{"text":"a fox"}}""");
        Field("json: lone surrogate in prompt", "prompt", """{"prompt":"a \ud800 fox"}""");

        // Numbers.
        Field("numberOfImages: 0", "numberOfImages", """{"prompt":"a fox","numberOfImages":0}""");
        Field("numberOfImages: -1", "numberOfImages", """{"prompt":"a fox","numberOfImages":-1}""");
        Field("numberOfImages: 5", "numberOfImages", """{"prompt":"a fox","numberOfImages":5}""");
        Field("numberOfImages: int.MaxValue", "numberOfImages", """{"prompt":"a fox","numberOfImages":2147483647}""");
        Field("numberOfImages: past int", "numberOfImages", """{"prompt":"a fox","numberOfImages":2147483648}""");
        Field("numberOfImages: 1e400", "numberOfImages", """{"prompt":"a fox","numberOfImages":1e400}""");
        Field("numberOfImages: 400 digits", "numberOfImages", """{"prompt":"a fox","numberOfImages":1""" + new string('0', 400) + "}");
        Field("numberOfImages: 1.5", "numberOfImages", """{"prompt":"a fox","numberOfImages":1.5}""");
        Field("numberOfImages: \"99\"", "numberOfImages", """{"prompt":"a fox","numberOfImages":"99"}""");
        Field("numberOfImages: NaN", "numberOfImages", """{"prompt":"a fox","numberOfImages":NaN}""");
        Field("numberOfImages: 2 on Segmind", "numberOfImages", """{"prompt":"a fox","provider":"segmind","numberOfImages":2}""");
        Field("seed: -1", "seed", """{"prompt":"a fox","seed":-1}""");
        Field("seed: int.MinValue", "seed", """{"prompt":"a fox","seed":-2147483648}""");
        Field("seed: past int", "seed", """{"prompt":"a fox","seed":99999999999}""");
        Field("seed: 1e10", "seed", """{"prompt":"a fox","seed":1e10}""");
        Field("seed: true", "seed", """{"prompt":"a fox","seed":true}""");
        Field("seed: on Segmind (no seed)", "seed", """{"prompt":"a fox","provider":"segmind","seed":7}""");
        Field("webSearch: \"yes\"", "webSearch", """{"prompt":"a fox","webSearch":"yes"}""");
        Field("webSearch: on Segmind", "webSearch", """{"prompt":"a fox","provider":"segmind","webSearch":true}""");

        // The prompt.
        Field("prompt: missing", "prompt", """{"aspectRatio":"1:1"}""");
        Field("prompt: empty", "prompt", """{"prompt":""}""");
        Field("prompt: null", "prompt", """{"prompt":null}""");
        Field("prompt: whitespace only", "prompt", """{"prompt":"  \n\t  "}""");
        Field("prompt: NUL (issue)", "prompt", """{"prompt":"a fox\u0000 in snow"}""");
        Field("prompt: ANSI escape (issue)", "prompt", """{"prompt":"\u001b[31ma red fox\u001b[0m"}""");
        Field("prompt: bell", "prompt", """{"prompt":"a fox\u0007"}""");
        Field("prompt: backspace", "prompt", """{"prompt":"a fox\b\b\b"}""");
        Field("prompt: form feed", "prompt", """{"prompt":"a fox\f"}""");
        Field("prompt: DEL", "prompt", """{"prompt":"a fox\u007f"}""");
        Field("prompt: C1 CSI", "prompt", """{"prompt":"a fox\u009b2J"}""");
        Field("prompt: right-to-left override U+202E", "prompt", """{"prompt":"a fox \u202egnp.exe"}""");
        Field("prompt: left-to-right embedding U+202A", "prompt", """{"prompt":"a fox \u202a"}""");
        Field("prompt: first-strong isolate U+2068", "prompt", """{"prompt":"a fox \u2068x\u2069"}""");
        Request("prompt: 6001 characters", "prompt", new { prompt = new string('a', 6001) });
        Request("prompt: 1 MB", "prompt", new { prompt = new string('a', 1024 * 1024) });
        Request("prompt: 1 character on Runware (2–6000)", "prompt", new { prompt = "a" });

        // Provider and model.
        Field("provider: unknown", "provider", """{"prompt":"a fox","provider":"openai"}""");
        Field("provider: mock on a host with real keys (issue)", "provider", """{"prompt":"a fox","provider":"mock"}""");
        Field("provider: empty", "provider", """{"prompt":"a fox","provider":""}""");
        Field("provider: a number", "provider", """{"prompt":"a fox","provider":5}""");
        Field("provider: with NUL", "provider", """{"prompt":"a fox","provider":"runware\u0000"}""");
        Field("provider: configured nowhere (gmicloud)", "provider", """{"prompt":"a fox","provider":"gmicloud"}""");
        Field("model: unknown", "model", """{"prompt":"a fox","model":"gpt-image-1"}""");
        Field("model: path traversal", "model", """{"prompt":"a fox","model":"../../etc/passwd"}""");
        Field("model: another provider's", "model", """{"prompt":"a fox","provider":"segmind","model":"luma:uni@1"}""");

        // Enumerations.
        Field("aspectRatio: 0:0", "aspectRatio", """{"prompt":"a fox","aspectRatio":"0:0"}""");
        Field("aspectRatio: injection", "aspectRatio", """{"prompt":"a fox","aspectRatio":"1:1; DROP TABLE jobs"}""");
        Field("aspectRatio: empty", "aspectRatio", """{"prompt":"a fox","aspectRatio":""}""");
        Request("aspectRatio: 100 000 characters", "aspectRatio", new { prompt = "a fox", aspectRatio = new string('9', 100_000) });
        Field("aspectRatio: a number", "aspectRatio", """{"prompt":"a fox","aspectRatio":1.5}""");
        Field("style: unknown", "style", """{"prompt":"a fox","style":"anime"}""");
        Field("style: with a source image on Runware", "style", $$"""{"prompt":"a fox","style":"manga","image":"{{PngDataUri()}}"}""");
        Field("outputFormat: gif", "outputFormat", """{"prompt":"a fox","outputFormat":"gif"}""");
        Field("outputFormat: svg", "outputFormat", """{"prompt":"a fox","outputFormat":"svg"}""");
        Field("callbackUrl: plain http to the internet", "callbackUrl", """{"prompt":"a fox","callbackUrl":"http://example.com/hook"}""");
        Field("callbackUrl: javascript:", "callbackUrl", """{"prompt":"a fox","callbackUrl":"javascript:alert(1)"}""");
        Field("callbackUrl: file:", "callbackUrl", """{"prompt":"a fox","callbackUrl":"file:///etc/passwd"}""");
        Field("callbackUrl: not a URL", "callbackUrl", """{"prompt":"a fox","callbackUrl":"not a url"}""");

        // Images: data URIs decoded and sniffed, limits per provider, references refused from the API.
        Field("image: data URI not base64 (issue)", "image", """{"prompt":"a fox","image":"data:image/png;base64,!!!notbase64"}""");
        Field("image: bytes are JPEG, declared PNG (issue)", "image", $$"""{"prompt":"a fox","image":"{{DataUri("image/png", Jpeg())}}"}""");
        Field("image: bytes are text, declared JPEG", "image", $$"""{"prompt":"a fox","image":"{{DataUri("image/jpeg", "hello, world"u8.ToArray())}}"}""");
        Field("image: SVG (issue)", "image", $$"""{"prompt":"a fox","image":"{{DataUri("image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray())}}"}""");
        Field("image: GIF", "image", $$"""{"prompt":"a fox","image":"{{DataUri("image/gif", "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000"u8.ToArray())}}"}""");
        Field("image: text/html data URI", "image", $$"""{"prompt":"a fox","image":"{{DataUri("text/html", "<b>x</b>"u8.ToArray())}}"}""");
        Field("image: data URI without ;base64", "image", """{"prompt":"a fox","image":"data:image/png,rawbytes"}""");
        Field("image: data URI with an empty payload", "image", """{"prompt":"a fox","image":"data:image/png;base64,"}""");
        Field("image: base64 of a bad length", "image", """{"prompt":"a fox","image":"data:image/png;base64,iVBORw0KGgoAA"}""");
        Field("image: truncated PNG signature", "image", """{"prompt":"a fox","image":"data:image/png;base64,iVBORw=="}""");
        Request("image: 7 MB PNG for Scenario (issue: accepted, failed later)", "image", new { prompt = "a fox", provider = "scenario", image = PngDataUri(7_000_000) });
        Request("image: 6 000 001 bytes for Scenario", "image", new { prompt = "a fox", provider = "scenario", image = PngDataUri(6_000_001) });
        Request("image: 100 000 px wide PNG header", "image", new { prompt = "a fox", image = DataUri("image/png", PngWithSize(100_000, 10)) });
        Field("image: data URI for URL-only Segmind", "image", $$"""{"prompt":"a fox","provider":"segmind","image":"{{PngDataUri()}}"}""");
        Field("image: stored-input upload reference from the API", "image", """{"prompt":"a fox","image":"stored-input:upload/0000.png"}""");
        Field("image: stored-input blob-drop reference from the API", "image", """{"prompt":"a fox","image":"stored-input:blob-drop/photo.jpg"}""");
        Field("image: stored-input inbox path traversal", "image", """{"prompt":"a fox","image":"stored-input:inbox/../../../etc/passwd"}""");
        Field("image: plain http URL", "image", """{"prompt":"a fox","image":"http://example.com/a.png"}""");
        Field("image: file URL", "image", """{"prompt":"a fox","image":"file:///etc/passwd"}""");
        Field("image: empty string", "image", """{"prompt":"a fox","image":""}""");
        Field("image: a number", "image", """{"prompt":"a fox","image":5}""");
        Field("image: on Segmind Photon text-to-image (no source)", "image", """{"prompt":"a fox","provider":"segmind","model":"luma-photon-txt-2-img","image":"https://example.com/a.png"}""");
        Field("referenceImages: stored-input reference from the API", "referenceImages[0]", """{"prompt":"a fox","referenceImages":["stored-input:upload/0000.png"]}""");
        Field("referenceImages: null element", "referenceImages[0]", """{"prompt":"a fox","referenceImages":[null]}""");
        Field("referenceImages: a string, not a list", "referenceImages", """{"prompt":"a fox","referenceImages":"https://example.com/a.png"}""");
        Field("referenceImages: not an image (issue: reference not an image)", "referenceImages[0]", $$"""{"prompt":"a fox","referenceImages":["{{DataUri("image/png", "just text"u8.ToArray())}}"]}""");
        Field("referenceImages: the second one not base64", "referenceImages[1]", $$"""{"prompt":"a fox","referenceImages":["{{PngDataUri()}}","data:image/png;base64,@@@@"]}""");
        Request("referenceImages: 10 on Runware (9 max)", "referenceImages", new { prompt = "a fox", referenceImages = Enumerable.Repeat("https://example.com/a.png", 10) });
        Request("referenceImages: 9 with a source on Runware (8 max)", "referenceImages", new { prompt = "a fox", image = "https://example.com/s.png", referenceImages = Enumerable.Repeat("https://example.com/a.png", 9) });
        Request("referenceImages: 1000", "referenceImages", new { prompt = "a fox", referenceImages = Enumerable.Repeat("https://example.com/a.png", 1000) });
        Request("referenceImages: on Segmind", "referenceImages", new { prompt = "a fox", provider = "segmind", referenceImages = new[] { "https://example.com/a.png" } });
        Request("referenceImages: 5 on Dream Machine Photon (4 max)", "referenceImages", new { prompt = "a fox", provider = "luma", model = "photon-1", referenceImages = Enumerable.Repeat("https://example.com/a.png", 5) });

        // Metadata.
        Request("metadata: 33 entries", "metadata", new { prompt = "a fox", metadata = Enumerable.Range(0, 33).ToDictionary(i => $"k{i}", i => "v") });
        Request("metadata: 10 000 entries", "metadata", new { prompt = "a fox", metadata = Enumerable.Range(0, 10_000).ToDictionary(i => $"k{i}", i => "v") });
        Request("metadata: 65-character key", "metadata", new { prompt = "a fox", metadata = new Dictionary<string, string> { [new string('k', 65)] = "v" } });
        Field("metadata: empty key", "metadata", """{"prompt":"a fox","metadata":{"":"v"}}""");
        Request("metadata: 1 MB value (issue)", "metadata", new { prompt = "a fox", metadata = new Dictionary<string, string> { ["order"] = new string('v', 1024 * 1024) } });
        Request("metadata: 1025-character value", "metadata", new { prompt = "a fox", metadata = new Dictionary<string, string> { ["order"] = new string('v', 1025) } });
        Field("metadata: number value", "metadata", """{"prompt":"a fox","metadata":{"order":1234}}""");
        Field("metadata: object value", "metadata", """{"prompt":"a fox","metadata":{"order":{"id":1}}}""");
        Field("metadata: boolean value", "metadata", """{"prompt":"a fox","metadata":{"paid":true}}""");
        Field("metadata: null value", "metadata", """{"prompt":"a fox","metadata":{"order":null}}""");
        Field("metadata: an array", "metadata", """{"prompt":"a fox","metadata":["a","b"]}""");
        Field("metadata: a string", "metadata", """{"prompt":"a fox","metadata":"order=1"}""");
        Field("metadata: NUL in a key", "metadata", """{"prompt":"a fox","metadata":{"or\u0000der":"1"}}""");
        Field("metadata: ANSI escape in a value", "metadata", """{"prompt":"a fox","metadata":{"order":"\u001b]0;pwned\u0007"}}""");
        Field("metadata: bidi override in a value", "metadata", """{"prompt":"a fox","metadata":{"file":"invoice\u202efdp.exe"}}""");

        // Idempotency-Key.
        cases.Add(new HostileCase("Idempotency-Key: 256 characters", Generations, () => Json("""{"prompt":"a fox"}"""), 400, "Idempotency-Key")
        {
            IdempotencyKey = new string('k', 256),
        });
        cases.Add(new HostileCase("Idempotency-Key: empty", Generations, () => Json("""{"prompt":"a fox"}"""), 400, "Idempotency-Key")
        {
            IdempotencyKey = "",
        });
        cases.Add(new HostileCase("Idempotency-Key: with a space", Generations, () => Json("""{"prompt":"a fox"}"""), 400, "Idempotency-Key")
        {
            IdempotencyKey = "order 1234",
        });
        cases.Add(new HostileCase("Idempotency-Key: 10 000 characters", Generations, () => Json("""{"prompt":"a fox"}"""), 400, "Idempotency-Key")
        {
            IdempotencyKey = new string('k', 10_000),
        });

        // The events route's envelope.
        Add("events: not JSON", 400, "body", () => Text("{ not json", "application/cloudevents+json"), Events);
        Add("events: empty batch", 400, "body", () => Text("[]", "application/cloudevents-batch+json"), Events);
        Add("events: nesting bomb", 400, "body", () => Text(new string('[', 10_000) + new string(']', 10_000), "application/cloudevents-batch+json"), Events);
        Add("events: an event without id", 400, "body", () => Text("""{"specversion":"1.0","type":"t","source":"/s","data":{"prompt":"a fox"}}""", "application/cloudevents+json"), Events);
        Add("events: batch given as one object", 400, "body", () => Text("""{"specversion":"1.0","id":"1","type":"t","source":"/s"}""", "application/cloudevents-batch+json"), Events);
        return cases;
    }

    static StringContent Json(string json) => Text(json, "application/json");

    static StringContent Text(string text, string mediaType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    static ByteArrayContent Raw(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>A body of <paramref name="length"/> bytes of JSON-ish filler, with its Content-Length.</summary>
    static ByteArrayContent Bytes(long length, string mediaType)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)' ');
        bytes[0] = (byte)'{';
        return Raw(bytes, mediaType);
    }

    /// <summary>A body sent chunked, so its size is known only by reading it.</summary>
    static StreamContent Chunked(int length, string mediaType = "application/json")
    {
        var content = new StreamContent(new UnseekableStream(new byte[length]));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    static byte[] Png() => PngImageEncoder.CreateGradient(4, 4, 1);

    static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    /// <summary>A real PNG, padded to <paramref name="size"/> bytes when given (the signature is all a sniffer sees).</summary>
    public static string PngDataUri(int size = 0)
    {
        var png = Png();
        if (size > png.Length) Array.Resize(ref png, size);
        return DataUri("image/png", png);
    }

    static byte[] PngWithSize(int width, int height)
    {
        var png = Png();
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        return png;
    }

    static string DataUri(string mediaType, byte[] bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}");

    /// <summary>Hides the length from HttpClient, which then sends the body chunked.</summary>
    sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
