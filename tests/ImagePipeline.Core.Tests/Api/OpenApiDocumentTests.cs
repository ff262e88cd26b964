using System.Text.Json;
using System.Text.Json.Nodes;
using JsonPointer = Json.Pointer.JsonPointer;
using Json.Schema;
using ImagePipeline.Api;
using ImagePipeline.Api.OpenApi;
using ImagePipeline.Events;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Routing;
using ImagePipeline.Serialization;
using ImagePipeline.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using OpenApiDocument = Microsoft.OpenApi.OpenApiDocument;

namespace ImagePipeline.Tests.Api;

/// <summary><c>/api/openapi.json</c> is valid OpenAPI 3.1, its examples are what the API takes and answers, and its
/// schemas name the members the API really reads and writes.</summary>
public sealed class OpenApiDocumentTests
{
    /// <summary>Members of issue 12's shared contract other branches are adding to the records: documented, not in the
    /// records on this branch yet. Empty this set when they are merged.</summary>
    static readonly HashSet<string> NotYetInRecords = [];

    static readonly Uri BaseUri = new("https://imagepipeline.test/api/openapi.json");
    static readonly JsonNode Document = JsonNode.Parse(OpenApiDescription.Json.GetRawText())!;

    [Fact]
    public void The_document_is_well_formed_OpenApi_3_1()
    {
        var (document, diagnostic) = OpenApiDocument.Parse(OpenApiDescription.Json.GetRawText(), "json");

        Assert.True(diagnostic?.Errors.Count == 0, string.Join("\n", diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
        var problems = document!.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? [];
        Assert.True(!problems.Any(), string.Join("\n", problems.Select(e => $"{e.Pointer}: {e.Message}")));
    }

    [Fact]
    public void Every_reference_resolves()
    {
        var unresolved = Walk(Document, "")
            .Where(n => n.Node is JsonObject o && o["$ref"] is JsonValue)
            .Select(n => n.Node!["$ref"]!.GetValue<string>())
            .Where(reference => !reference.StartsWith('#') || !JsonPointer.Parse(reference[1..]).TryEvaluate(Document, out _))
            .ToArray();

        Assert.Empty(unresolved);
    }

    [Fact]
    public void Every_example_validates_against_its_schema()
    {
        var checkedExamples = 0;
        foreach (var (pointer, schema, example) in Examples())
        {
            var results = Evaluate(schema, example);
            Assert.True(results.IsValid, $"{pointer} does not match {schema.ToJsonString()}: {Describe(results)}");
            checkedExamples++;
        }
        Assert.True(checkedExamples >= 15, $"only {checkedExamples} examples were found");
    }

    [Fact]
    public void The_request_examples_are_requests_the_API_accepts()
    {
        var requests = Examples().Where(e => e.Schema["$ref"]?.GetValue<string>() == "#/components/schemas/GenerationRequest").ToArray();
        Assert.NotEmpty(requests);
        foreach (var (pointer, _, example) in requests)
        {
            var request = JsonSerializer.Deserialize<GenerationRequest>(example.ToJsonString(), ApiJson.RequestOptions)!;
            var result = GenerationRequestValidator.Validate(request, request.Provider is { IsAuto: false, Names: [var first, ..] } ? first : ProviderNames.Mock);
            Assert.True(result.IsValid, $"{pointer}: {result}");

            var read = JsonSerializer.SerializeToNode(request, WorkflowJson.Options)!.AsObject().Select(p => p.Key);
            var unread = example.AsObject().Select(p => p.Key).Except(read).Where(name => !NotYetInRecords.Contains($"GenerationRequest.{name}"));
            Assert.Empty(unread); // a documented member the API would ignore
        }
    }

    [Theory]
    [InlineData(typeof(GenerationRequest), "GenerationRequest")]
    [InlineData(typeof(GenerationAccepted), "GenerationAccepted")]
    [InlineData(typeof(GenerationStatusDocument), "GenerationStatusDocument")]
    [InlineData(typeof(ArchivedOutput), "ArchivedOutput")]
    [InlineData(typeof(GenerationProgressDocument), "GenerationProgress")]
    [InlineData(typeof(GenerationErrorDocument), "GenerationError")]
    [InlineData(typeof(NotificationSummary), "NotificationSummary")]
    [InlineData(typeof(CloudEventResult), "CloudEventResult")]
    [InlineData(typeof(CloudEventBatchAnswer), "CloudEventBatchAnswer")]
    [InlineData(typeof(ProviderCircuitReport), "ProviderCircuit")]
    [InlineData(typeof(GenerationRoutingDocument), "GenerationRouting")]
    [InlineData(typeof(GenerationAttempt), "GenerationAttempt")]
    [InlineData(typeof(AttemptCost), "AttemptCost")]
    [InlineData(typeof(GenerationCost), "GenerationCost")]
    public void A_schema_names_exactly_the_members_of_its_record(Type record, string schema)
    {
        var members = WorkflowJson.Options.GetTypeInfo(record).Properties.Select(p => p.Name).ToHashSet();
        var documented = Document["components"]!["schemas"]![schema]!["properties"]!.AsObject().Select(p => p.Key)
            .Where(name => !NotYetInRecords.Contains($"{schema}.{name}")).ToHashSet();

        Assert.Empty(members.Except(documented).Order());
        Assert.Empty(documented.Except(members).Order());
    }

    [Fact]
    public void The_documented_enumerations_are_the_ones_the_API_uses()
    {
        Assert.Equal(Enum.GetNames<GenerationStatus>(), Strings(Document["components"]!["schemas"]!["GenerationStatus"]!["enum"]!));
        Assert.Equal(ProviderNames.All.Order(), Strings(Document["components"]!["schemas"]!["ProviderName"]!["enum"]!).Order());
        var errorCodes = typeof(ProviderErrorCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order();
        Assert.Equal(errorCodes, Strings(Document["components"]!["schemas"]!["GenerationError"]!["properties"]!["code"]!["enum"]!).Order());
        Assert.Equal(Constants(typeof(AttemptOutcomes)), Strings(Document["components"]!["schemas"]!["GenerationAttempt"]!["properties"]!["outcome"]!["enum"]!).Order());
        Assert.Equal(Constants(typeof(CostBasis)), Strings(Document["components"]!["schemas"]!["CostBasis"]!["enum"]!).Order());
    }

    static IEnumerable<string> Constants(Type holder) => holder.GetFields().Select(f => (string)f.GetRawConstantValue()!).Order();

    /// <summary>The answers are written by <see cref="Problems"/> and <see cref="ApiResult"/>, so their real bytes are held
    /// to the schemas, not a hand-written copy.</summary>
    [Fact]
    public async Task The_problems_and_bodies_the_API_writes_match_their_schemas()
    {
        var invalid = GenerationRequestValidator.Validate(new GenerationRequest { Prompt = "", AspectRatio = "5:7" }, ProviderNames.Runware);
        var written = new (ApiResult Result, string Schema)[]
        {
            (Problems.Validation(invalid), "ValidationProblemDetails"),
            (Problems.Field(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Content-Type", "Send JSON."), "ValidationProblemDetails"),
            (Problems.NotFound("gen_missing"), "ProblemDetails"),
            (Problems.StoreUnavailable("disk full", TimeSpan.FromSeconds(3)), "ProblemDetails"),
            (new ApiResult(StatusCodes.Status202Accepted, new GenerationAccepted("gen_1", GenerationStatus.Queued, "/api/generations/gen_1", "/api/generations/gen_1/cancel")), "GenerationAccepted"),
            (new ApiResult(StatusCodes.Status200OK, new GenerationStatusDocument
            {
                Id = "gen_1", Status = GenerationStatus.Completed, Provider = ProviderNames.Mock, Model = "mock-uni-1",
                CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Progress = new(100, "done"),
                Outputs = [new ArchivedOutput("file:///data/outputs/gen_1/0.png", "image/png", 10, new string('a', 64), 1, 1)],
                Error = new GenerationErrorDocument(ProviderErrorCodes.Canceled, "Canceled."),
                Notification = new NotificationSummary(false, 3, 500, "answered 500"),
                Routing = new GenerationRoutingDocument("runware,gmicloud", [ProviderNames.Runware, ProviderNames.GmiCloud], ProviderNames.GmiCloud,
                    "requested order", new Dictionary<string, string> { [ProviderNames.Segmind] = "over budget" }),
                Attempts =
                [
                    new GenerationAttempt(ProviderNames.Runware, "luma:uni@1", AttemptOutcomes.Refused,
                        Error: new GenerationErrorDocument(ProviderErrorCodes.RateLimited, "429"), Cost: AttemptCost.NotBilled),
                    new GenerationAttempt(ProviderNames.GmiCloud, "luma-uni-1.1", AttemptOutcomes.Succeeded, "req_1", Cost: new AttemptCost(0.0404m, CostBasis.Estimated)),
                    new GenerationAttempt(ProviderNames.Mock, "mock-uni-1", AttemptOutcomes.OutcomeUnknown, Cost: AttemptCost.Unknown),
                ],
                Cost = new GenerationCost(null, CostBasis.Unknown),
            }), "GenerationStatusDocument"),
        };

        foreach (var (result, schema) in written)
        {
            var context = new DefaultHttpContext();
            context.Response.Body = new MemoryStream();
            await result.ExecuteAsync(context);
            context.Response.Body.Position = 0;
            var body = await JsonNode.ParseAsync(context.Response.Body);

            var evaluation = Evaluate(new JsonObject { ["$ref"] = $"#/components/schemas/{schema}" }, body);
            Assert.True(evaluation.IsValid, $"{body?.ToJsonString()} does not match {schema}: {Describe(evaluation)}");
        }
    }

    /// <summary>Each example in the document with the schema it illustrates: media types' <c>example</c>/<c>examples</c>
    /// (references followed) and parameters' and headers' <c>example</c>.</summary>
    static IEnumerable<(string Pointer, JsonNode Schema, JsonNode Example)> Examples()
    {
        foreach (var (pointer, node) in Walk(Document, ""))
        {
            if (node is not JsonObject holder || holder["schema"] is not JsonNode schema) continue;
            if (holder["example"] is { } example) yield return ($"{pointer}/example", schema, example);
            foreach (var (name, entry) in holder["examples"] as JsonObject ?? [])
            {
                var resolved = entry!["$ref"] is JsonValue exampleReference ? Resolve(exampleReference.GetValue<string>()) : entry;
                yield return ($"{pointer}/examples/{name}", schema, resolved!["value"]!);
            }
        }
    }

    /// <summary>Evaluates <paramref name="instance"/> against <paramref name="schema"/>, a schema of the document whose
    /// local references (<c>#/components/…</c>) point into the document.</summary>
    static EvaluationResults Evaluate(JsonNode schema, JsonNode? instance)
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft202012 };
        options.SchemaRegistry.Register(new JsonNodeBaseDocument(Document, BaseUri));
        var absolute = schema.ToJsonString().Replace("\"#/components/", $"\"{BaseUri}#/components/", StringComparison.Ordinal);
        return JsonSchema.FromText(absolute).Evaluate(instance, options);
    }

    static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")));

    static JsonNode? Resolve(string reference) => JsonPointer.Parse(reference[1..]).TryEvaluate(Document, out var node) ? node : null;

    /// <summary>Every node below <paramref name="node"/> with its JSON pointer, skipping <c>example</c> values and the
    /// schemas' own <c>examples</c> (they are data, not document structure).</summary>
    static IEnumerable<(string Pointer, JsonNode? Node)> Walk(JsonNode? node, string pointer)
    {
        yield return (pointer, node);
        var children = node switch
        {
            JsonObject o => o.Where(p => p.Key != "example" && !(p.Key == "value" && pointer.Contains("/examples/", StringComparison.Ordinal)))
                .Select(p => (Key: p.Key, p.Value)),
            JsonArray a => a.Select((value, i) => (Key: i.ToString(System.Globalization.CultureInfo.InvariantCulture), Value: value)),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            foreach (var descendant in Walk(child, $"{pointer}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}"))
                yield return descendant;
        }
    }

    static string[] Strings(JsonNode array) => array.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
