namespace ImagePipeline.Providers.Luma;

/// <summary>One entry of an Agents generation's <c>output</c>: a presigned URL valid for one hour.</summary>
internal sealed record AgentsOutput(string? Type, string? Url);
