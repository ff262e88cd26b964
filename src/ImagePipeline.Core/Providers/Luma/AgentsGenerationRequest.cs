namespace ImagePipeline.Providers.Luma;

/// <summary>The Agents API submit body (<c>POST /generations</c>).</summary>
internal sealed record AgentsGenerationRequest(
    string Prompt,
    string Model,
    string Type,
    string? AspectRatio,
    string? Style,
    string? OutputFormat,
    bool? WebSearch,
    IReadOnlyList<AgentsImageRef>? ImageRef,
    AgentsImageRef? Source)
{
    public const string TypeImage = "image";
    public const string TypeImageEdit = "image_edit";

    public static AgentsGenerationRequest From(ProviderJobRequest job)
    {
        var request = job.Request;
        var references = request.ReferenceImages is { Count: > 0 } images
            ? images.Select((image, i) => AgentsImageRef.FromInput(image, $"referenceImages[{i}]")).ToList()
            : null;
        var source = request.Image is null ? null : AgentsImageRef.FromInput(request.Image, "image");
        return new AgentsGenerationRequest(
            request.Prompt,
            job.Model,
            source is null ? TypeImage : TypeImageEdit,
            request.AspectRatio,
            request.Style,
            request.OutputFormat,
            request.WebSearch,
            references,
            source);
    }
}
