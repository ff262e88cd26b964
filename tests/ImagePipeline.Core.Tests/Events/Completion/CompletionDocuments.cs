using ImagePipeline.Generation;

namespace ImagePipeline.Tests.Events.Completion;

/// <summary>Final status documents as the PublishCompletion step hands them to publishers.</summary>
public static class CompletionDocuments
{
    public static GenerationStatusDocument Completed(string id) => new()
    {
        Id = id,
        Status = GenerationStatus.Completed,
        Provider = "mock",
        Model = "mock-uni-1",
        ProviderJobId = "job-1",
        CreatedAt = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2025, 6, 1, 9, 1, 0, TimeSpan.Zero),
        Outputs = [new ArchivedOutput("https://example.test/outputs/2025/06/01/" + id + "/0.png", "image/png", 1234, "abc123", 64, 48)],
        Metadata = new Dictionary<string, string> { ["order"] = "7" },
    };

    public static GenerationStatusDocument Failed(string id) => Completed(id) with
    {
        Status = GenerationStatus.Failed,
        Outputs = [],
        Error = new GenerationErrorDocument("content_blocked", "Blocked by the provider's safety filter."),
    };
}
