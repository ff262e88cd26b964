namespace ImagePipeline.Providers.GmiCloud;

/// <summary>The model parameters of a GMI Cloud request; <see cref="Image"/> (a URL) makes it an edit.</summary>
internal sealed record GmiCloudPayload(string Prompt, string? AspectRatio, string? Image);
