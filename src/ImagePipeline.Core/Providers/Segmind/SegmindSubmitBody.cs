namespace ImagePipeline.Providers.Segmind;

/// <summary>The flat parameter object <c>POST /v2/{model}</c> takes. Only parameters the model documents are sent.</summary>
internal sealed record SegmindSubmitBody(string Prompt, string? Image, string? AspectRatio, string? Style);
